// Package ptr has the one helper for the optional (pointer) values that
// generated request types and nullable columns use.
package ptr

// Deref returns *p, or the zero value when p is nil.
func Deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// To returns a pointer to a copy of v.
func To[T any](v T) *T { return &v }
