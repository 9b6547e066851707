package views

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/ideario/ideario/i18n"
)

// Mail is what a mail says: a greeting, paragraphs, sections of items, a
// button, and at the foot why the reader gets it and how to change that.
// Every text in it is in the reader's language already, but for the
// template's own words, which T translates.
type Mail struct {
	Locale   string
	SiteName string
	SiteURL  string
	Subject  string
	Hello    string
	Lead     []string // paragraphs above the sections
	Sections []MailSection
	Button   MailLink // the one thing to do, if any
	After    []string // paragraphs below the button
	Why      string   // why the reader gets this mail
	// PrefsURL changes what the reader receives, UnsubscribeURL stops
	// this mail, without logging in; both are empty for an account's own
	// mail (a password reset is not a subscription).
	PrefsURL, UnsubscribeURL string
}

// MailSection is a titled list in a mail.
type MailSection struct {
	Title string
	Items []MailItem
}

// MailItem is one thing a mail tells of, with the words it quotes and
// where to see it.
type MailItem struct {
	Line, Quote, Link string
}

// MailLink is a link with its words.
type MailLink struct{ Text, URL string }

// T translates the template's own words into the reader's language.
func (m Mail) T(msg string, args ...any) string { return i18n.T(m.Locale, msg, args...) }

// Mails renders mail: a text part and an HTML part of the same content.
type Mails struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// NewMails parses the mail templates.
func NewMails() (*Mails, error) {
	text, err := texttemplate.ParseFS(files, "mail/mail.txt")
	if err != nil {
		return nil, fmt.Errorf("views: mail text: %w", err)
	}
	html, err := htmltemplate.ParseFS(files, "mail/mail.html")
	if err != nil {
		return nil, fmt.Errorf("views: mail html: %w", err)
	}
	return &Mails{text: text, html: html}, nil
}

// Render writes a mail's two parts.
func (ms *Mails) Render(m Mail) (text, html string, err error) {
	var t, h bytes.Buffer
	if err := ms.text.Execute(&t, m); err != nil {
		return "", "", fmt.Errorf("views: mail text: %w", err)
	}
	if err := ms.html.Execute(&h, m); err != nil {
		return "", "", fmt.Errorf("views: mail html: %w", err)
	}
	return squeeze(t.String()), h.String(), nil
}

// squeeze keeps at most one empty line in a row, which the text
// template's optional parts would otherwise leave.
func squeeze(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	out := lines[:0]
	for i, l := range lines {
		if l != "-- " { // the signature's delimiter keeps its space
			l = strings.TrimRight(l, " \t")
		}
		if l == "" && i > 0 && out[len(out)-1] == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}
