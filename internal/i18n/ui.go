package i18n

import "embed"

// uiFiles are the texts of the commands and the site, one file per language.
//
//go:embed ui/*.yaml
var uiFiles embed.FS

var ui = New(uiFiles, "ui")

// UI is the catalog of the interface texts of every command and the site.
func UI() *Catalog { return ui }

// Error is an error whose message is a text of the interface catalog: it
// reads in English as an error, and in any language through In.
type Error struct {
	Msg
	// Err is the cause, for errors.Is and errors.As.
	Err error
}

// Errorf is the error of the interface text key with its args.
func Errorf(key string, args ...any) *Error { return &Error{Msg: M(key, args...)} }

// Wrap is Errorf with a cause.
func Wrap(cause error, key string, args ...any) *Error {
	return &Error{Msg: M(key, args...), Err: cause}
}

func (e *Error) Error() string { return e.Msg.In(ui.Printer(English)) }

// Unwrap is the cause.
func (e *Error) Unwrap() error { return e.Err }

// In is the message in p's language. p must read the interface catalog.
func (e *Error) In(p Printer) string { return e.Msg.In(p) }

// Localized is an error that can say itself in a language.
type Localized interface {
	error
	In(p Printer) string
}

// Text is err in p's language: its own words when it has them in the
// catalog (a Localized error, or one wrapping one at its end), its
// English message otherwise.
func Text(err error, p Printer) string {
	if l, ok := err.(Localized); ok {
		return l.In(p)
	}
	return err.Error()
}
