package schemafield

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Sentence says what field must be, in words.
func Sentence(field string, se *openapi3.SchemaError) string {
	s := se.Schema
	if s != nil {
		// x-error-message keeps the original service's text for a field.
		if custom, ok := s.Extensions["x-error-message"].(string); ok && se.SchemaField != "required" {
			if top, _, _ := strings.Cut(field, "."); top != "" && !strings.HasPrefix(custom, top) && !startsUpper(custom) {
				return field + ": " + custom
			}
			return custom
		}
	}
	subject := field
	if subject == "" {
		subject = "the body"
	}
	switch se.SchemaField {
	case "required":
		return subject + " is required"
	case "properties", "additionalProperties":
		return subject + " is not a field of this request"
	case "nullable":
		return subject + " must not be null"
	case "type", "boolean":
		return subject + " " + TypePhrase(s)
	case "format", "pattern":
		return subject + " " + formPhrase(s)
	case "enum":
		return subject + " must be one of: " + enumList(s)
	case "minLength":
		if s != nil && s.MinLength == 1 {
			return subject + " must not be empty"
		}
		return fmt.Sprintf("%s must be at least %d characters long", subject, minLength(s))
	case "maxLength":
		return fmt.Sprintf("%s must be at most %d characters long", subject, maxLength(s))
	case "minimum", "exclusiveMinimum":
		return subject + " must be " + boundPhrase(s, true)
	case "maximum", "exclusiveMaximum":
		return subject + " must be " + boundPhrase(s, false)
	case "minItems":
		return fmt.Sprintf("%s must list at least %d items", subject, minItems(s))
	case "maxItems":
		return fmt.Sprintf("%s must list at most %d items", subject, maxItems(s))
	case "uniqueItems":
		return subject + " must not list an item twice"
	case "multipleOf":
		return subject + " has too many decimal places"
	}
	return subject + " is not acceptable"
}

// TypePhrase is "must be an integer", "must be a calendar date like …", ….
func TypePhrase(s *openapi3.Schema) string {
	if s == nil || s.Type == nil {
		return "has the wrong type"
	}
	nullable := ""
	if s.Nullable {
		nullable = " or null"
	}
	switch {
	case s.Type.Is(openapi3.TypeInteger):
		return "must be a whole number" + nullable
	case s.Type.Is(openapi3.TypeNumber):
		return "must be a number" + nullable
	case s.Type.Is(openapi3.TypeBoolean):
		return "must be true or false" + nullable
	case s.Type.Is(openapi3.TypeArray):
		return "must be a list" + nullable
	case s.Type.Is(openapi3.TypeObject):
		return "must be an object" + nullable
	case s.Type.Is(openapi3.TypeString):
		if s.Format != "" || len(s.Enum) > 0 {
			return formPhrase(s)
		}
		return "must be text" + nullable
	}
	return "has the wrong type"
}

// formPhrase explains a format or pattern by example, never by regex.
func formPhrase(s *openapi3.Schema) string {
	if s == nil {
		return "has an unexpected form"
	}
	if len(s.Enum) > 0 {
		return "must be one of: " + enumList(s)
	}
	switch s.Format {
	case "date":
		return "must be a calendar date like 2026-01-31"
	case "date-time":
		return "must be a date and time like 2026-01-31T18:30:00Z"
	case "uuid":
		return "must be a UUID like 3f2b8c1e-5d4a-4e9f-8a7b-6c5d4e3f2a1b"
	case "email":
		return "must be an email address like jane@example.com"
	case "uri", "url":
		return "must be a URL like https://example.com/page"
	}
	if s.Pattern == `\S` {
		return "must not be blank"
	}
	if s.Example != nil {
		return fmt.Sprintf("must look like %v", s.Example)
	}
	return "has an unexpected form"
}

func enumList(s *openapi3.Schema) string {
	if s == nil {
		return ""
	}
	parts := make([]string, 0, len(s.Enum))
	for _, v := range s.Enum {
		if v == nil {
			parts = append(parts, "null")
			continue
		}
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, ", ")
}

func boundPhrase(s *openapi3.Schema, lower bool) string {
	if s == nil {
		return "in range"
	}
	num := func(p *float64) string { return strconv.FormatFloat(*p, 'f', -1, 64) }
	if lower && s.Min != nil {
		if s.ExclusiveMin.IsTrue() {
			return "more than " + num(s.Min)
		}
		return "at least " + num(s.Min)
	}
	if !lower && s.Max != nil {
		if s.ExclusiveMax.IsTrue() {
			return "less than " + num(s.Max)
		}
		return "at most " + num(s.Max)
	}
	return "in range"
}

func minLength(s *openapi3.Schema) uint64 {
	if s == nil {
		return 0
	}
	return s.MinLength
}

func maxLength(s *openapi3.Schema) uint64 {
	if s == nil || s.MaxLength == nil {
		return 0
	}
	return *s.MaxLength
}

func minItems(s *openapi3.Schema) uint64 {
	if s == nil {
		return 0
	}
	return s.MinItems
}

func maxItems(s *openapi3.Schema) uint64 {
	if s == nil || s.MaxItems == nil {
		return 0
	}
	return *s.MaxItems
}

// startsUpper tells a complete sentence of the original (`Invalid preference. …`)
// from a predicate that needs its field name in front (`must be an http(s) URL`).
func startsUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }
