// Package results reads the published competition results pages of U.S.
// Figure Skating (ijs.usfigureskating.org) in the three formats the original
// importer understood — 6.0 ordinal standings, IJS judges' details and CJS
// showcase details — into plain values the import handler can store in
// e_event_entries, e_scores_6_0, e_scores_cjs, e_scores_ijs_components,
// e_scores_ijs_elements and e_deductions. It does no I/O beyond reading the
// page it is handed; fetching lives in internal/fetch.
package results

// Format is a page's scoring system, spelt as e_event_types.scoring_system.
type Format string

// The formats Parse recognises.
const (
	Format60  Format = "6.0"
	FormatIJS Format = "IJS"
	FormatCJS Format = "CJS"
)

// Result is one results page: a single event segment and every skater on it.
type Result struct {
	// Format is the detected scoring system.
	Format Format
	// Competition is the competition's name as the page gives it. (The
	// import route attaches the entry to an existing event, so this only
	// names a new e_events row if the handler creates one.)
	Competition string
	// Segment is e_event_entries.event_segment, e.g.
	// "Adult Bronze Women Free Skate - Group A".
	Segment string
	// Level is e_event_entries.event_level, inferred from Segment the way the
	// original did; nil when nothing is left after stripping.
	Level *string
	// JudgeCount is the number of judge columns on a 6.0 page, 0 otherwise.
	JudgeCount int
	// SourceURL is the page address given to Parse (e_event_entries.source_url).
	SourceURL string
	// Skaters are the parsed rows in page order.
	Skaters []SkaterResult
}

// FieldSize is e_event_entries.field_size: the number of parsed skater rows.
func (r *Result) FieldSize() int32 {
	return int32(len(r.Skaters)) //nolint:gosec // bounded by maxSkaters
}

// Names lists the skaters' names in page order, for a "not found" answer
// (the original's `standings`).
func (r *Result) Names() []string {
	names := make([]string, len(r.Skaters))
	for i := range r.Skaters {
		names[i] = r.Skaters[i].Name
	}
	return names
}

// SkaterResult is one skater's row. Fields that a format does not have stay
// nil or empty: Majority and Scores60 are 6.0 only; the totals, components,
// elements and deductions belong to IJS and CJS.
type SkaterResult struct {
	// Place is e_event_entries.placement.
	Place int32
	// Name is the part of the "Name, Club" cell before the first comma; it is
	// the import's skater_name_matched and the preview's matched_name.
	Name string
	// Club is the rest of that cell, nil when the cell has no comma
	// (preview matched_club).
	Club *string
	// Majority is the 6.0 majority cell text (e_event_entries.majority), nil
	// when blank.
	Majority *string
	// TieBreaker is the 6.0 tie-breaker cell text. Not stored.
	TieBreaker *string
	// TotalSegmentScore is e_event_entries.total_segment_score (IJS, CJS);
	// nil when the cell is missing or not a number.
	TotalSegmentScore *float64
	// TotalElementScore, TotalComponentScore and TotalDeductions are the
	// other summary cells. Not stored; useful for checks and previews.
	TotalElementScore   *float64
	TotalComponentScore *float64
	TotalDeductions     *float64
	// Scores60 holds one e_scores_6_0 row per judge (6.0).
	Scores60 []Score60
	// ScoresCJS holds the single panel row for e_scores_cjs (CJS).
	ScoresCJS []ScoreCJS
	// ScoresIJSComponents holds the single panel row for
	// e_scores_ijs_components (IJS).
	ScoresIJSComponents []ScoreIJSComponent
	// ScoresIJSElements holds one e_scores_ijs_elements row per element (IJS).
	ScoresIJSElements []ScoreIJSElement
	// Deductions holds the e_deductions rows (IJS, CJS).
	Deductions []Deduction
}

// Score60 is an e_scores_6_0 row. technical_merit and presentation are not
// on the published pages and are never filled.
type Score60 struct {
	JudgeNumber int32
	// Ordinal is nil when the judge's cell is blank or not an integer.
	Ordinal *float64
}

// ScoreCJS is an e_scores_cjs row. The published pages only give the
// panel's value, stored as judge 0.
type ScoreCJS struct {
	JudgeNumber    int32
	ArtisticAppeal *float64
	Performance    *float64
	SkatingSkills  *float64
}

// ScoreIJSComponent is an e_scores_ijs_components row. The panel's values
// are stored as judge 0, as the original did.
type ScoreIJSComponent struct {
	JudgeNumber   int32
	Composition   *float64
	Presentation  *float64
	SkatingSkills *float64
}

// ScoreIJSElement is an e_scores_ijs_elements row. Numbers missing on the
// page are 0, as in the original.
type ScoreIJSElement struct {
	ElementNumber int32
	ElementName   string
	BaseValue     float64
	GOE           float64
	FinalScore    float64
}

// Deduction is an e_deductions row (notes are never filled by the import).
// Value is positive: the page's "-1.00" is stored as 1.
type Deduction struct {
	Type  string
	Value float64
}
