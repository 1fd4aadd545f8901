package events

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/skatetrax/skatetrax-api/gen/db"
	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/fetch"
	"github.com/skatetrax/skatetrax-api/internal/ptr"
	"github.com/skatetrax/skatetrax-api/internal/results"
)

// ImportInput asks for one skater's result on a results page.
type ImportInput struct {
	URL        string
	SkaterName string
	// EntryDate is the day skated (midnight UTC); nil means the event's date.
	EntryDate *time.Time
}

// Imported is what an import stored, in the shape of the original's preview.
type Imported struct {
	EventID, EntryID  uuid.UUID
	EventLabel        string
	EventDate         time.Time
	Format            results.Format
	Category          string
	Segment           string
	Level             *string
	Placement         int32
	FieldSize         int32
	Majority          *string
	TotalSegmentScore *float64
	MatchedName       string
	MatchedClub       *string
}

// The e_import_log statuses (the original's), which are also the `status`
// field of the import's answers.
const (
	LogSuccess         = "success"
	LogFetchError      = "fetch_error"
	LogParseError      = "parse_error"
	LogSkaterNotFound  = "skater_not_found"
	StatusError        = "error"
	StatusAlreadyThere = "already_imported"
)

// ImportCategory is the category an imported entry gets, whatever the
// format (as in the original; CJS pages included). ImportBody is its body.
const (
	ImportCategory = "Competition"
	ImportBody     = "USFSA"
	// ImportStatus: a published result has been scored.
	ImportStatus = "Scored"
)

// SourceType is e_import_log.source_type for a page format: the original
// always wrote usfsa_6.0; this records what the page really was.
func SourceType(f results.Format) string {
	switch f {
	case results.Format60:
		return "usfsa_6.0"
	case results.FormatIJS:
		return "usfsa_ijs"
	case results.FormatCJS:
		return "usfsa_cjs"
	}
	return "unknown"
}

// maxNamesShown bounds the list of names in a "not found" message.
const maxNamesShown = 60

// Import fetches a results page, finds the skater on it and stores the
// result as a new entry of the skater's event. Its errors carry the
// original's status names (see the constants) and map to 400 (URL not
// allowed), 404 (event, skater), 409 (already imported), 422 (unreadable
// page), 429 (too many imports) and 502 (the results site failed). Every
// attempt that reaches the fetch is logged in e_import_log.
func (s *Service) Import(ctx context.Context, skater, eventID uuid.UUID, in ImportInput) (*Imported, error) {
	pageURL := strings.TrimSpace(in.URL)
	name := strings.TrimSpace(in.SkaterName)
	if name == "" {
		return nil, apperr.InvalidField("body", "skater_name", "must not be blank")
	}
	ev, err := s.q.GetEvent(ctx, db.GetEventParams{ID: eventID, Skater: skater})
	if errors.Is(err, pgx.ErrNoRows) {
		// The original's result text names the event it looked for
		// ("Event <id> not found"); the id is the path's, a UUID.
		e := ErrEventNotFound()
		e.Reason = StatusError
		e.Message = "Event " + eventID.String() + " not found"
		return nil, e
	}
	if err != nil {
		return nil, wrap("load event", err)
	}
	if err := alreadyImported(ctx, s.q, skater, pageURL); err != nil {
		return nil, err
	}
	if err := s.allowImport(ctx, skater); err != nil {
		return nil, err
	}
	log := importLog{s: s, skater: skater, eventID: eventID, url: pageURL, name: name}

	page, _, err := s.fetcher.Fetch(ctx, pageURL)
	switch {
	case errors.Is(err, fetch.ErrHostNotAllowed):
		log.write(ctx, LogFetchError, "", nil, "url not allowed: "+err.Error())
		return nil, &apperr.Error{Code: apperr.BadRequest, Reason: LogFetchError, ErrorText: "URL not allowed",
			Message: fmt.Sprintf("Only results pages on %s can be imported.", strings.Join(s.allowedHosts(), ", ")),
			Details: []apperr.Field{{In: "body", Name: "url", Message: "not an http(s) URL on an allowed results host"}},
			Cause:   err}
	case errors.Is(err, fetch.ErrUpstream):
		log.write(ctx, LogFetchError, "", nil, err.Error())
		return nil, &apperr.Error{Code: apperr.BadGateway, Reason: LogFetchError, ErrorText: "Results site failed",
			Message: "The results site could not be reached or did not return the page. Try again later.", Cause: err}
	case err != nil:
		return nil, fmt.Errorf("fetch results page: %w", err)
	}

	res, err := results.Parse(bytes.NewReader(page), pageURL)
	if err != nil {
		var pe *results.ParseError
		if !errors.As(err, &pe) {
			return nil, fmt.Errorf("parse results page: %w", err)
		}
		log.write(ctx, LogParseError, pe.Format, nil, err.Error())
		return nil, &apperr.Error{Code: apperr.Unprocessable, Reason: LogParseError, ErrorText: "Unreadable results page",
			Message: "The page is not a results page in a known format (6.0 standings, IJS or CJS judges' details).", Cause: err}
	}

	skaterRow, err := results.MatchSkater(res, name)
	if err != nil {
		msg := notFoundMessage(name, err, res.Names())
		log.write(ctx, LogSkaterNotFound, res.Format, nil, msg)
		return nil, &apperr.Error{Code: apperr.NotFound, Reason: LogSkaterNotFound, ErrorText: "Skater not found", Message: msg}
	}

	entryDate := ev.EventDate.Time
	if in.EntryDate != nil {
		entryDate = *in.EntryDate
	}
	out := &Imported{
		EventID: eventID, EntryID: newID(), EventLabel: ev.EventLabel, EventDate: ev.EventDate.Time,
		Format: res.Format, Category: ImportCategory, Segment: res.Segment, Level: res.Level,
		Placement: skaterRow.Place, FieldSize: res.FieldSize(), Majority: skaterRow.Majority,
		TotalSegmentScore: skaterRow.TotalSegmentScore, MatchedName: skaterRow.Name, MatchedClub: skaterRow.Club,
	}
	err = database.InTx(ctx, s.pool, func(q *db.Queries) error {
		if err := q.LockImportURL(ctx, db.LockImportURLParams{Skater: skater.String(), SourceUrl: pageURL}); err != nil {
			return wrap("lock import", err)
		}
		if err := alreadyImported(ctx, q, skater, pageURL); err != nil {
			return err // a concurrent import of the same page won
		}
		if _, err := lockEvent(ctx, q, skater, eventID); err != nil {
			return err
		}
		system := string(res.Format)
		body := ImportBody
		category := ImportCategory
		typeID, err := resolveType(ctx, q, &category, &system, &body)
		if err != nil {
			return fmt.Errorf("event type for %s results: %w", system, err)
		}
		segment := optText(&res.Segment)
		err = q.InsertEntry(ctx, db.InsertEntryParams{
			ID: out.EntryID, EventID: eventID, EntryDate: pgDate(entryDate), EventSegment: segment,
			EventLevel: res.Level, EventType: typeID, Placement: &out.Placement, FieldSize: &out.FieldSize,
			Majority: skaterRow.Majority, TotalSegmentScore: skaterRow.TotalSegmentScore, Status: ImportStatus,
			SourceUrl: &pageURL, Skater: skater,
		})
		if err != nil {
			return wrap("insert imported entry", err)
		}
		if err := insertScores(ctx, q, skater, out.EntryID, importedScores(skaterRow)); err != nil {
			return err
		}
		if err := insertDeductions(ctx, q, skater, out.EntryID, importedDeductions(skaterRow)); err != nil {
			return err
		}
		matched := skaterRow.Name
		return wrap("log import", q.InsertImportLog(ctx, db.InsertImportLogParams{
			ID: newID(), SourceUrl: pageURL, SourceType: SourceType(res.Format), Status: LogSuccess,
			SkaterNameSearched: name, SkaterNameMatched: &matched, EventID: &eventID, EntryID: &out.EntryID, Skater: skater,
		}))
	})
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Reason == "" && e.Code == apperr.NotFound {
			e.Reason = StatusError // the event went away meanwhile
		}
		return nil, err
	}
	return out, nil
}

// alreadyImported answers 409 when the skater imported the URL before and
// that entry still exists (a deleted entry may be imported again).
func alreadyImported(ctx context.Context, q *db.Queries, skater uuid.UUID, pageURL string) error {
	prev, err := q.FindImported(ctx, db.FindImportedParams{Skater: skater, SourceUrl: pageURL})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return wrap("check earlier imports", err)
	}
	when := prev.CreatedAt.UTC().Format(time.RFC3339)
	return &apperr.Error{Code: apperr.Conflict, Reason: StatusAlreadyThere, ErrorText: "Already imported",
		Message: "This URL was already imported on " + when}
}

// allowImport counts the attempt against the skater's import limit: each
// one makes the server fetch a page from the results site.
func (s *Service) allowImport(ctx context.Context, skater uuid.UUID) error {
	if s.limiter == nil || s.rule.Max <= 0 {
		return nil
	}
	d, err := s.limiter.Hit(ctx, "events.import:"+skater.String(), s.rule)
	if err != nil {
		return err
	}
	if !d.Allowed {
		secs := int(d.RetryAfter.Seconds() + 0.999)
		if secs < 1 {
			secs = 1
		}
		return &apperr.Error{Code: apperr.RateLimited, ErrorText: "Too many requests",
			Message: "Too many results imports. Try again later.", RetryAfter: secs}
	}
	return nil
}

// notFoundMessage keeps the original's "'<name>' not found in results" and
// adds the names on the page (the original's `standings`).
func notFoundMessage(name string, err error, names []string) string {
	msg := fmt.Sprintf("'%s' not found in results", name)
	if errors.Is(err, results.ErrAmbiguous) {
		msg = fmt.Sprintf("'%s' fits more than one skater in the results; add the club (\"Name, Club\")", name)
	}
	if len(names) > maxNamesShown {
		names = append(names[:maxNamesShown:maxNamesShown], "…")
	}
	if len(names) > 0 {
		msg += ". Skaters on the page: " + strings.Join(names, ", ")
	}
	return msg
}

func importedScores(r *results.SkaterResult) []ScoreInput {
	var out []ScoreInput
	for _, sc := range r.Scores60 {
		out = append(out, ScoreInput{System: Score60, JudgeNumber: ptr.To(sc.JudgeNumber), Ordinal: sc.Ordinal})
	}
	for _, sc := range r.ScoresCJS {
		out = append(out, ScoreInput{System: ScoreCJS, JudgeNumber: ptr.To(sc.JudgeNumber),
			ArtisticAppeal: sc.ArtisticAppeal, Performance: sc.Performance, SkatingSkills: sc.SkatingSkills})
	}
	for _, sc := range r.ScoresIJSComponents {
		out = append(out, ScoreInput{System: ScoreIJSComponent, JudgeNumber: ptr.To(sc.JudgeNumber),
			Composition: sc.Composition, Presentation: sc.Presentation, SkatingSkills: sc.SkatingSkills})
	}
	for _, el := range r.ScoresIJSElements {
		out = append(out, ScoreInput{System: ScoreIJSElement, ElementNumber: ptr.To(el.ElementNumber),
			ElementName: ptr.To(el.ElementName), BaseValue: ptr.To(el.BaseValue), GOE: ptr.To(el.GOE), FinalScore: ptr.To(el.FinalScore)})
	}
	return out
}

func importedDeductions(r *results.SkaterResult) []DeductionInput {
	out := make([]DeductionInput, 0, len(r.Deductions))
	for _, d := range r.Deductions {
		out = append(out, DeductionInput{Type: d.Type, Value: d.Value})
	}
	return out
}

func (s *Service) allowedHosts() []string {
	if len(s.fetcher.AllowedHosts) == 0 {
		return []string{fetch.DefaultHost}
	}
	return s.fetcher.AllowedHosts
}

// importLog writes the log row of a failed attempt. A failure to log is
// reported to the operator but does not change the user's answer.
type importLog struct {
	s       *Service
	skater  uuid.UUID
	eventID uuid.UUID
	url     string
	name    string
}

func (l importLog) write(ctx context.Context, status string, format results.Format, matched *string, message string) {
	if len(message) > 2000 {
		message = strings.ToValidUTF8(message[:2000], "")
	}
	err := l.s.q.InsertImportLog(ctx, db.InsertImportLogParams{
		ID: newID(), SourceUrl: l.url, SourceType: SourceType(format), Status: status,
		SkaterNameSearched: l.name, SkaterNameMatched: matched, EventID: &l.eventID, ErrorMessage: &message,
		Skater: l.skater,
	})
	if err != nil {
		l.s.logger.WarnContext(ctx, "write import log", "status", status, "err", err)
	}
}
