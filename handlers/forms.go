package handlers

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/ideario/ideario/i18n"
	"github.com/labstack/echo/v4"
)

// Password rules follow NIST SP 800-63B: a minimum length, a generous
// maximum, and no composition rules.
const (
	PasswordMin = 10
	PasswordMax = 256
	NameMax     = 80
	EmailMax    = 254
)

// Form reads trimmed form values; a value that is not valid UTF-8 or holds
// a NUL byte is read as empty, so it fails validation instead of being stored.
func Form(c echo.Context, name string) string { return Clean(c.FormValue(name)) }

// Clean is a form value as handlers read it: trimmed, and empty when it
// is not valid UTF-8 or holds a NUL.
func Clean(v string) string {
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return ""
	}
	return strings.TrimSpace(v)
}

// TextLength counts characters, not bytes.
func TextLength(s string) int { return utf8.RuneCountInString(s) }

// Validator collects field errors, translated for the person.
type Validator struct {
	c      echo.Context
	errors FormErrors
}

// NewValidator starts the checks of a form sent with c.
func NewValidator(c echo.Context) *Validator { return &Validator{c: c, errors: FormErrors{}} }

// Add notes a problem with a field, unless it has one already.
func (v *Validator) Add(field, msg string, args ...any) {
	if _, seen := v.errors[field]; !seen {
		v.errors[field] = T(v.c, msg, args...)
	}
}

// OK tells whether no field had a problem.
func (v *Validator) OK() bool { return len(v.errors) == 0 }

// Errors are the problems found, by field.
func (v *Validator) Errors() FormErrors { return v.errors }

func (v *Validator) Length(field, value string, min, max int) {
	n := TextLength(value)
	switch {
	case n < min && min == 1:
		v.Add(field, "Please fill this in.")
	case n < min:
		v.Add(field, "Please write at least %d characters.", min)
	case n > max:
		v.Add(field, "Please keep this to %d characters or fewer (it has %d).", max, n)
	}
}

func (v *Validator) email(field, value string) {
	addr, err := mail.ParseAddress(value)
	switch {
	case value == "":
		v.Add(field, "Please enter your email address.")
	case err != nil || addr.Address != value || !strings.Contains(value[strings.LastIndexByte(value, '@'):], ".") || len(value) > EmailMax:
		v.Add(field, "This doesn't look like an email address.")
	}
}

func (v *Validator) password(field, value string) {
	n := TextLength(value)
	switch {
	case n < PasswordMin:
		v.Add(field, "Please choose a password of at least %d characters.", PasswordMin)
	case n > PasswordMax:
		v.Add(field, "Please choose a password of at most %d characters.", PasswordMax)
	case commonPassword(value):
		v.Add(field, "This password is too common; please choose another.")
	}
}

func (v *Validator) country(field, value string) {
	if !i18n.IsCountry(value) {
		v.Add(field, "Please choose your country.")
	}
}

// commonPassword catches the passwords that attackers try first.
func commonPassword(p string) bool {
	switch strings.ToLower(p) {
	case "1234567890", "123456789a", "qwertyuiop", "password12", "password123", "iloveyou12",
		"1q2w3e4r5t", "qwerty1234", "aaaaaaaaaa", "0123456789", "passw0rd12", "letmein123",
		"abc1234567", "1111111111", "0000000000", "welcome123", "ideario123", "admin12345":
		return true
	}
	return false
}
