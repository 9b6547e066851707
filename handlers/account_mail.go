package handlers

import (
	"context"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/mail"
	"github.com/ideario/ideario/views"
)

// sendAccountMail renders and sends a mail about the reader's own account
// (a link to confirm the address, to choose a new password): a text and
// an HTML part, in locale, without an unsubscribe, since nobody
// subscribes to these. A failure is logged: the page says the mail is on
// its way, and the person can ask again.
func (h *Handler) sendAccountMail(ctx context.Context, to, locale string, m views.Mail) {
	st, err := h.Store.Site.Settings(ctx)
	if err != nil {
		h.Log.Error("account mail: settings", "err", err)
		return
	}
	m.Locale, m.SiteName, m.SiteURL = locale, st.SiteName, h.Config.BaseURL
	if m.Hello == "" {
		m.Hello = i18n.T(locale, "Hello,")
	}
	text, html, err := h.Mails.Render(m)
	if err == nil {
		err = h.Mail.Send(ctx, mail.Message{To: to, Subject: m.Subject, Body: text, HTML: html})
	}
	if err != nil {
		h.Log.Error("send account mail", "subject", m.Subject, "to", to, "err", err)
	}
}

// verificationMail asks a person to confirm their address.
func verificationMail(l, name, site, link string) views.Mail {
	return views.Mail{Subject: i18n.T(l, "Confirm your email address"), Hello: i18n.T(l, "Hello %s,", name),
		Lead:   []string{i18n.T(l, "Please confirm the email address of your account on %s.", site)},
		Button: views.MailLink{Text: i18n.T(l, "Confirm my address"), URL: link},
		After:  []string{i18n.T(l, "If you did not sign up, ignore this message.")}}
}

// ownerWarning tells an address's owner that someone tried to sign up
// with it.
func ownerWarning(l, site, baseURL string) views.Mail {
	return views.Mail{Subject: i18n.T(l, "Someone tried to create an account with your address"),
		Lead: []string{i18n.T(l, "Someone tried to create a new account on %s with this email address, which already has one.", site)},
		Sections: []views.MailSection{{Items: []views.MailItem{
			{Line: i18n.T(l, "If it was you, log in here:"), Link: baseURL + "/login"},
			{Line: i18n.T(l, "If you forgot your password, choose a new one here:"), Link: baseURL + "/password/forgot"},
		}}},
		After: []string{i18n.T(l, "If it was not you, ignore this message: nothing has changed.")}}
}

// resetMail carries the link to choose a new password.
func resetMail(l, name, link string) views.Mail {
	return views.Mail{Subject: i18n.T(l, "Reset your password"), Hello: i18n.T(l, "Hello %s,", name),
		Lead:   []string{i18n.T(l, "Open this link within an hour to choose a new password.")},
		Button: views.MailLink{Text: i18n.T(l, "Choose a new password"), URL: link},
		After:  []string{i18n.T(l, "If you did not ask for this, ignore this message; your password stays as it is.")}}
}
