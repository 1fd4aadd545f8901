package results

import (
	"errors"
	"fmt"
)

// ErrUnrecognized means the page is not a results page in a format we know,
// or is too damaged to read (the handler answers 422; the original logged a
// parse_error). Every *ParseError matches it with errors.Is.
var ErrUnrecognized = errors.New("not a recognised results page")

// ErrSkaterNotFound means the page was read but the skater is not on it, or
// the name given matches more than one skater (the handler answers 404).
var ErrSkaterNotFound = errors.New("skater not found in results")

// ParseError says why a page could not be read. Format is the format the
// page looked like, empty when none was detected.
type ParseError struct {
	Format Format
	Reason string
}

func (e *ParseError) Error() string {
	if e.Format == "" {
		return fmt.Sprintf("results page: %s", e.Reason)
	}
	return fmt.Sprintf("%s results page: %s", e.Format, e.Reason)
}

// Unwrap makes every ParseError an ErrUnrecognized.
func (e *ParseError) Unwrap() error { return ErrUnrecognized }

func parseErrorf(f Format, format string, a ...any) error {
	return &ParseError{Format: f, Reason: fmt.Sprintf(format, a...)}
}

// ErrAmbiguous is a name that fits more than one skater on the page. It is
// also an ErrSkaterNotFound (no one skater was found) and reads the same.
var ErrAmbiguous error = ambiguous{}

type ambiguous struct{}

func (ambiguous) Error() string { return ErrSkaterNotFound.Error() }
func (ambiguous) Unwrap() error { return ErrSkaterNotFound }
