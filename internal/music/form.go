package music

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"os"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
)

// Form is a read upload: the audio file spooled to disk and the raw
// metadata text (nil when the part was absent).
type Form struct {
	Audio    *File
	Metadata []byte
}

// Close removes the spooled file.
func (f *Form) Close() error {
	if f == nil || f.Audio == nil {
		return nil
	}
	return f.Audio.Close()
}

// ReadError is a failure to read the request body (the client went away,
// the body is not multipart, a size limit of the server was hit), as opposed
// to a failure of this server such as a full disk.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "read upload: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// ErrFileTooLarge is the answer to an audio part over MaxFileBytes.
func ErrFileTooLarge() *apperr.Error { return same(apperr.TooLarge, "File too large (max 20MB)") }

// ErrNoAudio is the answer to an upload without an audio part.
func ErrNoAudio() *apperr.Error { return same(apperr.BadRequest, "No audio file provided") }

// ErrIncomplete is the answer to a body that ends before its last boundary.
func ErrIncomplete() *apperr.Error {
	return &apperr.Error{Code: apperr.BadRequest, ErrorText: "Upload incomplete",
		Message: "The upload ended before it was complete."}
}

func errMetadataTooLarge() *apperr.Error {
	return &apperr.Error{Code: apperr.Invalid, ErrorText: "Invalid metadata",
		Message: fmt.Sprintf("metadata: longer than %d bytes", MaxMetadataBytes),
		Details: []apperr.Field{{In: "body", Name: "metadata", Message: fmt.Sprintf("longer than %d bytes", MaxMetadataBytes)}}}
}

func errDuplicatePart(name string) *apperr.Error {
	return &apperr.Error{Code: apperr.Invalid, ErrorText: "Invalid input", Message: name + ": sent more than once",
		Details: []apperr.Field{{In: "body", Name: name, Message: "sent more than once"}}}
}

// ReadForm reads the parts of an upload in whatever order they come: the
// `audio` file is spooled into dir ("" = the system's temporary folder) and
// refused with ErrFileTooLarge as soon as it grows past MaxFileBytes; the
// `metadata` text is kept; other parts are skipped. The body is never held in
// memory. On error nothing is left on disk.
//
// Errors are *apperr.Error for answers to the client, *ReadError when the
// body could not be read, or an internal error (e.g. the disk is full).
func ReadForm(mr *multipart.Reader, dir string) (_ *Form, err error) {
	form := &Form{}
	defer func() {
		if err != nil {
			_ = form.Close()
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF { // exactly: the closing boundary was read
			return form, nil
		}
		if err != nil {
			return nil, readErr(err)
		}
		switch part.FormName() {
		case "audio":
			if form.Audio != nil {
				return nil, errDuplicatePart("audio")
			}
			if form.Audio, err = Spool(part, dir, MaxFileBytes); err != nil {
				return nil, err
			}
		case "metadata":
			if form.Metadata != nil {
				return nil, errDuplicatePart("metadata")
			}
			b, err := io.ReadAll(io.LimitReader(readErrorReader{part}, MaxMetadataBytes+1))
			if err != nil {
				return nil, readErr(err)
			}
			if len(b) > MaxMetadataBytes {
				return nil, errMetadataTooLarge()
			}
			form.Metadata = append([]byte{}, b...)
		default:
			if _, err := io.Copy(io.Discard, readErrorReader{part}); err != nil {
				return nil, readErr(err)
			}
		}
	}
}

// readErr turns a body-reading failure into the client's answer: a body
// that stops before its closing boundary is incomplete (multipart reports
// that as an unexpected EOF, or as a wrapped EOF between parts); anything
// else is a ReadError for the caller to judge.
func readErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		e := ErrIncomplete()
		e.Cause = err
		return e
	}
	var re *ReadError
	if errors.As(err, &re) {
		return err
	}
	return &ReadError{Err: err}
}

// File is an upload spooled to a temporary file.
type File struct {
	f    *os.File
	size int64
}

// Size is the file's length in bytes.
func (f *File) Size() int64 { return f.size }

// Name is the temporary file's path (for tests and logs).
func (f *File) Name() string { return f.f.Name() }

// Close closes and removes the temporary file.
func (f *File) Close() error {
	cerr := f.f.Close()
	if err := os.Remove(f.f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return cerr
}

// Spool copies r into a new temporary file in dir, failing with
// ErrFileTooLarge once more than max bytes arrive (without reading the rest).
func Spool(r io.Reader, dir string, max int64) (_ *File, err error) {
	f, err := os.CreateTemp(dir, "skatetrax-upload-*")
	if err != nil {
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	file := &File{f: f}
	defer func() {
		if err != nil {
			_ = file.Close()
		}
	}()
	n, err := io.Copy(f, io.LimitReader(readErrorReader{r}, max+1))
	if err != nil {
		var re *ReadError
		if errors.As(err, &re) {
			return nil, readErr(err)
		}
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	if n > max {
		return nil, ErrFileTooLarge()
	}
	file.size = n
	return file, nil
}

// readErrorReader marks errors of the underlying reader as *ReadError, so a
// copy can tell them from write errors.
type readErrorReader struct{ r io.Reader }

func (r readErrorReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = &ReadError{Err: err}
	}
	return n, err
}
