// Package source reads YAML into position-keeping trees, decodes them into typed models by their struct tags, and reports problems as file:line:col.
package source

import (
	"errors"
	"fmt"

	"github.com/dealsascode/deals/internal/i18n"
)

// Pos is a 1-based line and column in a file; the zero Pos means "no position".
type Pos struct {
	Line, Col int
}

// IsValid reports whether p points somewhere.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Error is a problem at a position in a file. It prints as file:line:col: msg,
// or file: msg when the problem has no position (an unreadable file).
type Error struct {
	File string
	Pos
	// Msg is the problem in English; Key and Args, when set, are it as a
	// text of the interface catalog (i18n.UI), to write it in the reader's
	// language (Text).
	Msg  string
	Key  string
	Args []any
	// Field is where in the file the problem is, as a path of keys and
	// list items ("key_players[2].attitude"), when it is known.
	Field string
	Err   error
}

// AsProblem is err as a positioned problem of file: itself when it is one,
// else at the top of the file.
func AsProblem(file string, err error) *Error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	return &Error{File: file, Pos: Pos{Line: 1, Col: 1}, Msg: err.Error(), Err: err}
}

// Problem is the positioned problem of a message of the interface
// catalog: key with its args.
func Problem(file string, p Pos, cause error, key string, args ...any) *Error {
	return &Error{File: file, Pos: p, Msg: english.T(key, args...), Key: key, Args: args, Err: cause}
}

var english = i18n.UI().Printer(i18n.English)

// Text is the problem's message in p's language.
func (e *Error) Text(p i18n.Printer) string {
	if e.Key == "" {
		return e.Msg
	}
	return p.T(e.Key, e.Args...)
}

// In is the whole error, file:line:col: message, in p's language.
func (e *Error) In(p i18n.Printer) string {
	c := *e
	c.Msg = e.Text(p)
	return c.Error()
}

func (e *Error) Error() string {
	switch {
	case e.File == "" && !e.IsValid():
		return e.Msg
	case !e.IsValid():
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	default:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
}

// Unwrap gives errors.Is and errors.As access to the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error at p.
func Errorf(file string, p Pos, format string, args ...any) *Error {
	return &Error{File: file, Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// Join joins problems into one error that prints one per line, or nil
// when there are none.
func Join(problems []*Error) error {
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}
