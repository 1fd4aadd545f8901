// Package skatetime holds the calendar and time-zone arithmetic behind every Skatetrax aggregate.
//
// The model (docs/original.md, "Stored days"): a session is stored as the UTC instant of 00:00 local time, in the
// skater's zone, on the calendar day the skater picked. Everything calendar-shaped (today, months,
// timeframes) is computed on local Dates in the skater's zone and only then mapped to half-open UTC
// Intervals, each boundary with the UTC offset in force at that boundary, so DST is handled per
// boundary. A missing zone means UTC. Nothing here touches a database or HTTP, and nothing panics on
// bad input: a nil *time.Location is treated as UTC.
package skatetime
