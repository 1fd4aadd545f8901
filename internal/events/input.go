package events

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/money"
)

// EventInput is an event as created or replaced. The contract has already
// checked types, lengths and ranges; Normalize does the rest.
type EventInput struct {
	Label string
	// Date is a calendar date (midnight UTC).
	Date                    time.Time
	Location, Club, CoachID *uuid.UUID
	Notes                   *string
	// Costs nil means none on create and "keep the current lines" on update.
	Costs *[]CostInput
}

// CostInput is one cost line item.
type CostInput struct {
	Category string
	// Amount is dollars per unit; Normalize rounds it to cents.
	Amount float64
	// Quantity 0 means the default, 1.
	Quantity int32
	Note     *string
}

// CostCategories are the cost line categories the API accepts (the
// original's COST_CATEGORIES).
var CostCategories = []string{"Competition Entry", "Practice Ice", "Admin Fee", "Coach Fee", "Taxes", "Other"}

// Normalize trims text (blank optional text becomes nil), defaults cost
// quantities and rounds amounts to whole cents.
func (in *EventInput) Normalize() error {
	in.Label = strings.TrimSpace(in.Label)
	if in.Label == "" {
		return apperr.InvalidField("body", "event_label", "must not be blank")
	}
	in.Notes = optText(in.Notes)
	if in.Costs == nil {
		return nil
	}
	for i := range *in.Costs {
		c := &(*in.Costs)[i]
		if !validCostCategory(c.Category) {
			return apperr.InvalidField("body", fmt.Sprintf("costs.%d.category", i),
				"must be one of: "+strings.Join(CostCategories, ", "))
		}
		cents, err := money.FromFloat(c.Amount)
		if err != nil || cents < 0 {
			return apperr.InvalidField("body", fmt.Sprintf("costs.%d.amount", i), "must be a number of dollars, at least 0")
		}
		c.Amount = cents.Float()
		if c.Quantity == 0 {
			c.Quantity = 1
		}
		if c.Quantity < 0 {
			return apperr.InvalidField("body", fmt.Sprintf("costs.%d.quantity", i), "must be at least 1")
		}
		c.Note = optText(c.Note)
	}
	return nil
}

func validCostCategory(c string) bool {
	for _, k := range CostCategories {
		if c == k {
			return true
		}
	}
	return false
}

// LineTotal is amount × quantity, exact to the cent: the amount is taken
// to cents first (as money.FromFloat does), then multiplied.
func LineTotal(amount float64, quantity int32) (money.Cents, error) {
	unit, err := money.FromFloat(amount)
	if err != nil {
		return 0, err
	}
	q := money.Cents(quantity)
	if q < 0 || (q != 0 && (unit > math.MaxInt64/q || unit < -math.MaxInt64/q)) {
		return 0, fmt.Errorf("%w: %s × %d", money.ErrOutOfRange, unit, quantity)
	}
	return unit * q, nil
}

// Entry statuses the API accepts; older rows may hold other text.
const StatusCommitted = "Committed"

// EntryInput is an entry as added or replaced.
type EntryInput struct {
	// Date is a calendar date (midnight UTC), nil when undated.
	Date           *time.Time
	Segment, Level *string
	// Status "" means Committed.
	Status string
	// Category, ScoringSystem and GoverningBody name the event type.
	Category, ScoringSystem, GoverningBody *string
	Placement, FieldSize                   *int32
	Majority                               *string
	TotalSegmentScore                      *float64
	SourceURL, VideoURL                    *string
	// Scores and Deductions nil mean none on create and "keep" on update.
	Scores     *[]ScoreInput
	Deductions *[]DeductionInput
}

// Score table names of a manual score row (not the same strings as an
// event type's scoring system: IJS has two tables).
const (
	Score60           = "6.0"
	ScoreCJS          = "CJS"
	ScoreIJSComponent = "IJS_component"
	ScoreIJSElement   = "IJS_element"
)

// ScoreInput is one manual score row.
type ScoreInput struct {
	System         string
	JudgeNumber    *int32
	Ordinal        *float64
	TechnicalMerit *float64
	Presentation   *float64
	ArtisticAppeal *float64
	Performance    *float64
	SkatingSkills  *float64
	Composition    *float64
	ElementNumber  *int32
	ElementName    *string
	BaseValue      *float64
	GOE            *float64
	FinalScore     *float64
}

// DeductionInput is one deduction.
type DeductionInput struct {
	Type  string
	Value float64
	Notes *string
}

// Normalize trims text, defaults the status and checks the rules the
// contract cannot express. It does not resolve the event type.
func (in *EntryInput) Normalize() error {
	in.Segment, in.Level, in.Majority = optText(in.Segment), optText(in.Level), optText(in.Majority)
	in.Category, in.ScoringSystem, in.GoverningBody = optText(in.Category), optText(in.ScoringSystem), optText(in.GoverningBody)
	if in.Status = strings.TrimSpace(in.Status); in.Status == "" {
		in.Status = StatusCommitted
	}
	var err error
	if in.SourceURL, err = webURL("source_url", in.SourceURL); err != nil {
		return err
	}
	if in.VideoURL, err = webURL("video_url", in.VideoURL); err != nil {
		return err
	}
	if in.Placement != nil && in.FieldSize != nil && *in.Placement > *in.FieldSize {
		return apperr.InvalidField("body", "placement", "must not be greater than field_size")
	}
	if in.Category == nil {
		switch {
		case in.ScoringSystem != nil:
			return apperr.InvalidField("body", "category", "is required when scoring_system is given")
		case in.GoverningBody != nil:
			return apperr.InvalidField("body", "category", "is required when governing_body is given")
		}
	}
	if in.Scores != nil {
		if err := checkScores(*in.Scores, in.ScoringSystem); err != nil {
			return err
		}
	}
	if in.Deductions != nil {
		for i := range *in.Deductions {
			d := &(*in.Deductions)[i]
			if d.Type = strings.TrimSpace(d.Type); d.Type == "" {
				return apperr.InvalidField("body", fmt.Sprintf("deductions.%d.deduction_type", i), "must not be blank")
			}
			d.Notes = optText(d.Notes)
		}
	}
	return nil
}

// scoreFields lists, per score table, which optional fields belong to it.
var scoreFields = map[string][]string{
	Score60:           {"judge_number", "ordinal", "technical_merit", "presentation"},
	ScoreCJS:          {"judge_number", "artistic_appeal", "performance", "skating_skills"},
	ScoreIJSComponent: {"judge_number", "composition", "presentation", "skating_skills"},
	ScoreIJSElement:   {"element_number", "element_name", "base_value", "goe", "final_score"},
}

// TablesFor returns the score tables an event type's scoring system uses.
func TablesFor(system *string) []string {
	if system == nil {
		return nil
	}
	switch *system {
	case "6.0":
		return []string{Score60}
	case "CJS":
		return []string{ScoreCJS}
	case "IJS":
		return []string{ScoreIJSComponent, ScoreIJSElement}
	}
	return nil
}

// checkScores checks manual score rows against the entry's scoring system:
// each row's table must belong to it, carry its key number once, and hold
// no field of another table.
func checkScores(scores []ScoreInput, system *string) error {
	if len(scores) == 0 {
		return nil
	}
	tables := TablesFor(system)
	if len(tables) == 0 {
		return apperr.InvalidField("body", "scores", "need an event type with a scoring system (category and scoring_system)")
	}
	seen := map[string]map[int32]bool{}
	for i, s := range scores {
		field := func(name string) string { return fmt.Sprintf("scores.%d.%s", i, name) }
		if !contains(tables, s.System) {
			return apperr.InvalidField("body", field("scoring_system"),
				fmt.Sprintf("must be %s for a %s event type", strings.Join(tables, " or "), *system))
		}
		allowed := scoreFields[s.System]
		for _, name := range s.present() {
			if !contains(allowed, name) {
				return apperr.InvalidField("body", field(name), "does not belong to "+s.System+" scores")
			}
		}
		key, keyName := s.JudgeNumber, "judge_number"
		if s.System == ScoreIJSElement {
			key, keyName = s.ElementNumber, "element_number"
		}
		if key == nil {
			return apperr.InvalidField("body", field(keyName), "is required for "+s.System+" scores")
		}
		if seen[s.System] == nil {
			seen[s.System] = map[int32]bool{}
		}
		if seen[s.System][*key] {
			return apperr.InvalidField("body", field(keyName), fmt.Sprintf("%d appears twice in %s scores", *key, s.System))
		}
		seen[s.System][*key] = true
		if s.ElementName != nil {
			name := strings.TrimSpace(*s.ElementName)
			scores[i].ElementName = &name
		}
	}
	return nil
}

// present names the optional fields the row carries.
func (s ScoreInput) present() []string {
	var out []string
	for name, set := range map[string]bool{
		"judge_number": s.JudgeNumber != nil, "ordinal": s.Ordinal != nil, "technical_merit": s.TechnicalMerit != nil,
		"presentation": s.Presentation != nil, "artistic_appeal": s.ArtisticAppeal != nil,
		"performance": s.Performance != nil, "skating_skills": s.SkatingSkills != nil,
		"composition": s.Composition != nil, "element_number": s.ElementNumber != nil,
		"element_name": s.ElementName != nil, "base_value": s.BaseValue != nil, "goe": s.GOE != nil,
		"final_score": s.FinalScore != nil,
	} {
		if set {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// optText trims s; blank text becomes nil.
func optText(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	if t == "" {
		return nil
	}
	return &t
}

// webURL accepts an absolute http(s) URL with a host; blank becomes nil.
// Anything else (javascript:, data:, relative) is refused: these links are
// shown to users.
func webURL(field string, s *string) (*string, error) {
	s = optText(s)
	if s == nil {
		return nil, nil
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, apperr.InvalidField("body", field, "must be an http(s) URL")
	}
	return s, nil
}
