package mail

import (
	"net/url"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/outbox"
	"github.com/ideario/ideario/views"
	"gorm.io/gorm"
)

// Notices writes the mail that tells people of their notifications, one
// at a time or gathered in a digest, in each reader's language, with a
// link to each thing and a one-click unsubscribe (RFC 8058).
type Notices struct {
	mails   *views.Mails
	baseURL string
	secret  string
}

// NewNotices returns the composer of notification mail for a site at
// baseURL, whose links are signed with secret.
func NewNotices(mails *views.Mails, baseURL, secret string) *Notices {
	return &Notices{mails: mails, baseURL: baseURL, secret: secret}
}

// queueNotice queues the mail of one person's notifications due now.
func (n *Notices) queueNotice(tx *gorm.DB, siteName string, to notifications.Reader, ns []notifications.Notification) error {
	l := to.Locale
	m := n.frame(siteName, to, scopeOf(ns))
	items := make([]views.MailItem, len(ns))
	for i, x := range ns {
		items[i] = n.item(l, x)
	}
	if len(ns) == 1 {
		m.Subject = items[0].Line
		m.Lead = []string{items[0].Line}
		if items[0].Quote != "" {
			m.Lead = append(m.Lead, "“"+items[0].Quote+"”")
		}
		m.Button = views.MailLink{Text: i18n.T(l, "See it on %s", siteName), URL: items[0].Link}
	} else {
		m.Subject = i18n.N(l, "%d updates on %s", len(ns), len(ns), siteName)
		m.Sections = []views.MailSection{{Items: items}}
	}
	m.Why = i18n.T(l, "You get this mail because you chose to hear of this by mail at once.")
	return n.queue(tx, to, m)
}

// queueDigest queues a person's digest of a period.
func (n *Notices) queueDigest(tx *gorm.DB, siteName string, to notifications.Reader, p notifications.Period,
	ns []notifications.Notification, top []notifications.TopIdea) error {
	l := to.Locale
	m := n.frame(siteName, to, p.Name)
	if p.Name == notifications.ScopeDaily {
		m.Subject = i18n.T(l, "Your daily digest from %s", siteName)
		m.Lead = []string{i18n.T(l, "Here is what happened on %s on %s.", siteName, i18n.Date(l, p.Start))}
		m.Why = i18n.T(l, "You get this mail because you chose a daily digest.")
	} else {
		m.Subject = i18n.T(l, "Your weekly digest from %s", siteName)
		m.Lead = []string{i18n.T(l, "Here is what happened on %s in the week of %s.", siteName, i18n.Date(l, p.Start))}
		m.Why = i18n.T(l, "You get this mail because you chose a weekly digest.")
	}
	if len(ns) > 0 {
		items := make([]views.MailItem, len(ns))
		for i, x := range ns {
			items[i] = n.item(l, x)
		}
		m.Sections = append(m.Sections, views.MailSection{Title: i18n.T(l, "What happened"), Items: items})
	}
	if len(top) > 0 {
		items := make([]views.MailItem, len(top))
		for i, t := range top {
			items[i] = views.MailItem{Line: i18n.N(l, "%s: %d new supports", t.Supports, t.Title, t.Supports),
				Link: n.baseURL + ideas.IdeaPath(t.ID, t.Slug)}
		}
		m.Sections = append(m.Sections, views.MailSection{Title: i18n.T(l, "Top ideas in the challenges you follow"), Items: items})
	}
	m.Button = views.MailLink{Text: i18n.T(l, "Open %s", siteName), URL: n.baseURL + "/notifications"}
	return n.queue(tx, to, m)
}

// frame is what every notification mail has: the greeting and the links
// to change what one receives and to stop this mail.
func (n *Notices) frame(siteName string, to notifications.Reader, scope string) views.Mail {
	return views.Mail{Locale: to.Locale, SiteName: siteName, SiteURL: n.baseURL,
		Hello:          i18n.T(to.Locale, "Hello %s,", to.Name),
		PrefsURL:       n.unsubscribeURL(to.ID, notifications.ScopeAll),
		UnsubscribeURL: n.unsubscribeURL(to.ID, scope)}
}

func (n *Notices) item(locale string, x notifications.Notification) views.MailItem {
	return views.MailItem{Line: views.NoticeLine(locale, x), Quote: views.NoticeQuote(x), Link: n.baseURL + views.NoticePath(x)}
}

// unsubscribeURL is the signed address of the preferences page, where a
// POST stops the mail of scope.
func (n *Notices) unsubscribeURL(userID int64, scope string) string {
	return n.baseURL + "/unsubscribe?token=" + url.QueryEscape(notifications.Token(n.secret, userID, scope))
}

// queue renders a mail and puts it in the outbox, in tx, with the header
// fields of a one-click unsubscribe.
func (n *Notices) queue(tx *gorm.DB, to notifications.Reader, m views.Mail) error {
	text, html, err := n.mails.Render(m)
	if err != nil {
		return err
	}
	return outbox.QueueIn(tx, outbox.Draft{To: to.Email, Subject: m.Subject, Body: text, HTML: html, Headers: map[string]string{
		"List-Unsubscribe":      "<" + m.UnsubscribeURL + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}})
}

// scopeOf is what the one-click unsubscribe of a mail stops: the kind it
// tells of, or every mail when it tells of several kinds.
func scopeOf(ns []notifications.Notification) string {
	for _, x := range ns[1:] {
		if x.Kind != ns[0].Kind {
			return notifications.ScopeAll
		}
	}
	return ns[0].Kind
}
