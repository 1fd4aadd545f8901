// Package training holds the pure rules behind a skater's training log that
// are worth testing alone: how time splits into practice, coached and group
// time, the blade-sharpening clock, unit conversions between what clients
// send and what the database stores, and the session history's page cursor.
// Nothing here touches a database or HTTP.
package training
