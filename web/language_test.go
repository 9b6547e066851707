package web_test

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/testutil"
)

var htmlLang = regexp.MustCompile(`<html lang="([^"]+)">`)

// pageLang is the language a page says it is in.
func pageLang(t *testing.T, r *response) string {
	t.Helper()
	m := htmlLang.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no <html lang>: %s", r.path, r)
	}
	return m[1]
}

// wantTranslated checks that a page shows a message in a language, and
// that the language's text is not the English one (so the check means
// something).
func wantTranslated(t *testing.T, r *response, locale, msg string) {
	t.Helper()
	text := i18n.T(locale, msg)
	if locale != i18n.Default && text == i18n.T(i18n.Default, msg) {
		t.Fatalf("%q reads the same in %s and English", msg, locale)
	}
	wantIn(t, r, template.HTMLEscapeString(text))
}

// TestLanguageNegotiation checks, through the real router, the order in
// which a page's language is chosen: the signed-in person's setting, the
// switcher's cookie, the browser's Accept-Language, the site's default.
func TestLanguageNegotiation(t *testing.T) {
	w := newWorld(t, testutil.Engines()[0])
	ctx := context.Background()
	french := w.user(t, "Amélie")
	if err := w.Store.Accounts.SetLocale(ctx, french.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, cookie, accept, siteDefault string
		person                            *accounts.User
		want                              string
	}{
		{"nothing asked: the site's default", "", "", "", nil, "en"},
		{"nothing asked, the site in Italian", "", "", "it", nil, "it"},
		{"the browser's language", "", "es-MX,es;q=0.9,en;q=0.5", "", nil, "es"},
		{"Portuguese of Portugal gets Brazil's", "", "pt-PT,pt;q=0.9", "", nil, "pt-BR"},
		{"the first offered of the browser's list", "", "de-DE,de;q=0.9,fr;q=0.8,en;q=0.5", "", nil, "fr"},
		{"nothing offered: the site's default", "", "de-DE,ja;q=0.5", "it", nil, "it"},
		{"a header that does not parse", "", ";;;q=x,,", "", nil, "en"},
		{"the switcher's cookie before the browser", "es", "fr-FR,fr", "", nil, "es"},
		{"a cookie of no language offered is ignored", "tlh", "fr-FR,fr", "", nil, "fr"},
		{"the account before everything", "es", "pt-BR", "it", french, "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := must(w.Store.Site.Settings(ctx))(t)
			st.DefaultLocale = cmpOr(tt.siteDefault, "en")
			if err := w.Store.Site.SaveSettings(ctx, st); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, w.Server)
			if tt.person != nil {
				c = w.login(t, tt.person)
			}
			c.header = http.Header{}
			if tt.accept != "" {
				c.header.Set("Accept-Language", tt.accept)
			}
			if tt.cookie != "" {
				c.header.Set("Cookie", "lang="+tt.cookie)
			}
			for _, page := range []string{"/", "/ideas", "/no-such-page"} {
				r := c.get(page)
				if got := pageLang(t, r); got != tt.want {
					t.Errorf("GET %s: lang %q, want %q", page, got, tt.want)
				}
				if vary := strings.Join(r.Header.Values("Vary"), ","); !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") {
					t.Errorf("GET %s: Vary %q, want Accept-Language and Cookie", page, vary)
				}
				if got := r.Header.Get("Content-Language"); got != tt.want {
					t.Errorf("GET %s: Content-Language %q, want %q", page, got, tt.want)
				}
			}
			if tt.want != "en" {
				wantTranslated(t, c.get("/ideas"), tt.want, "Share an idea")
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var switcherLink = regexp.MustCompile(`<a href="(/language\?lang=([^&"]+)&amp;next=[^"]*)"[^>]*>`)

// TestLanguageSwitcher follows the switcher's links as a browser without
// JavaScript would, from several kinds of page, and uses its form signed
// in: the choice holds on the next pages, and for a signed-in person it is
// saved on the account.
func TestLanguageSwitcher(t *testing.T) {
	w := newWorld(t, testutil.Engines()[0])
	visitor := newClient(t, w.Server)
	visitor.header = http.Header{"Accept-Language": {"en"}}
	for _, page := range []string{"/ideas?sort=top", "/login", "/challenges/open-car", "/no-such-page"} {
		r := visitor.get(page)
		links := switcherLink.FindAllStringSubmatch(r.Body, -1)
		if len(links) != len(i18n.Locales) {
			t.Fatalf("GET %s: %d switcher links, want one per language (%d)", page, len(links), len(i18n.Locales))
		}
		var pt string
		for _, l := range links {
			if l[2] == "pt-BR" {
				pt = strings.ReplaceAll(l[1], "&amp;", "&")
			}
		}
		res := visitor.get(pt)
		wantCode(t, res, http.StatusSeeOther)
		if back := strings.SplitN(page, "#", 2)[0]; res.Location != back {
			t.Errorf("the switcher on %s leads back to %q", page, res.Location)
		}
		after := visitor.get(res.Location)
		if got := pageLang(t, after); got != "pt-BR" {
			t.Errorf("after switching on %s: lang %q", page, got)
		}
		wantTranslated(t, after, "pt-BR", "Share an idea")
		wantCode(t, visitor.get("/language?lang=en&next=/"), http.StatusSeeOther) // back, for the next page
	}
	t.Run("a language not offered", func(t *testing.T) {
		r := visitor.get("/language?lang=tlh&next=/")
		wantCode(t, r, http.StatusBadRequest)
		wantIn(t, r, i18n.T("en", "This site does not offer this language."))
	})
	t.Run("never leads off the site", func(t *testing.T) {
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
			r := visitor.get("/language?lang=fr&next=" + url.QueryEscape(next))
			wantCode(t, r, http.StatusSeeOther)
			check(t, "redirect for next="+next, r.Location, "/")
		}
	})
	t.Run("signed in, saved on the account", func(t *testing.T) {
		u := w.user(t, "Switcher")
		c := w.login(t, u)
		r := c.get("/ideas")
		wantIn(t, r, `<form method="post" action="/language">`)
		form := url.Values{"lang": {"it"}, "next": {"/ideas"}}
		wantCode(t, c.postForm("/language", form), http.StatusForbidden) // without the CSRF token: nothing changes
		check(t, "locale after a forged form", must(w.Store.Accounts.UserByID(context.Background(), u.ID))(t).Locale, "en")
		res := c.submit("/ideas", "/language", form)
		wantCode(t, res, http.StatusSeeOther)
		check(t, "back to", res.Location, "/ideas")
		check(t, "locale saved", must(w.Store.Accounts.UserByID(context.Background(), u.ID))(t).Locale, "it")
		fresh := w.login(t, u) // another browser: the account's setting, not a cookie
		if got := pageLang(t, fresh.get("/")); got != "it" {
			t.Errorf("in another browser: lang %q, want it", got)
		}
	})
}

// TestCacheKeepsLanguagesApart reads the same anonymous pages in several
// languages, each twice: the second reading comes from the page cache,
// and no language is ever served another's page (pages with shared parts
// included).
func TestCacheKeepsLanguagesApart(t *testing.T) {
	w := newWorld(t, testutil.Engines()[0])
	author := w.user(t, "Cache Author")
	idea := w.idea(t, author, "Cork seats", w.open, w.design)
	for _, page := range []string{"/", "/ideas", "/ideas?sort=new", idea.URL(), "/challenges/open-car", "/users/" + itoa(author.ID)} {
		for _, locale := range []string{"pt-BR", "fr", "en", "es", "it", "pt-BR"} {
			c := newClient(t, w.Server)
			c.header = http.Header{"Accept-Language": {locale}}
			first, second := c.get(page), c.get(page)
			for _, r := range []*response{first, second} {
				wantCode(t, r, http.StatusOK)
				if got := pageLang(t, r); got != locale {
					t.Errorf("GET %s in %s: lang %q", page, locale, got)
				}
			}
			wantCache(t, second, "hit")
			if locale != "en" {
				wantTranslated(t, second, locale, "Share an idea")
			}
		}
	}
}

// TestMailInTheRecipientsLanguage has mail sent by someone reading the
// site in one language to people who read it in another: each mail is in
// its recipient's language.
func TestMailInTheRecipientsLanguage(t *testing.T) {
	w := newWorld(t, testutil.Engines()[0], testutil.WithoutRateLimits())
	ctx := context.Background()
	owner := w.user(t, "Dono")
	if err := w.Store.Accounts.SetLocale(ctx, owner.ID, "pt-BR"); err != nil {
		t.Fatal(err)
	}
	spanish := newClient(t, w.Server)
	spanish.header = http.Header{"Accept-Language": {"es"}}
	lastMailTo := func(to string) (subject, body string) {
		t.Helper()
		w.WaitMail(t)
		msgs := w.Mail.Messages()
		for i := len(msgs) - 1; i >= 0; i-- {
			if msgs[i].To == to {
				return msgs[i].Subject, msgs[i].Body
			}
		}
		t.Fatalf("no mail to %s", to)
		return "", ""
	}
	wantMail := func(what, to, locale, subject string) {
		t.Helper()
		got, body := lastMailTo(to)
		check(t, what+": subject", got, i18n.T(locale, subject))
		if got == i18n.T("es", subject) {
			t.Errorf("%s: in the sender's language", what)
		}
		if strings.Contains(body, "Hello") {
			t.Errorf("%s: the body is in English: %q", what, body)
		}
	}

	// A password reset asked from a Spanish browser, for a Portuguese account.
	wantCode(t, spanish.submit("/password/forgot", "/password/forgot", url.Values{"email": {owner.Email}}), http.StatusOK)
	wantMail("reset", owner.Email, "pt-BR", "Reset your password")

	// Someone in Spanish tries to sign up with the Portuguese owner's address.
	wantCode(t, spanish.submit("/signup", "/signup", url.Values{"name": {"Otro"}, "email": {owner.Email},
		"password": {"a long and private passphrase"}, "country": {"ES"}}), http.StatusSeeOther)
	wantMail("sign-up warning", owner.Email, "pt-BR", "Someone tried to create an account with your address")

	// A new account made in Italian is in Italian, and so is its mail.
	italian := newClient(t, w.Server)
	italian.header = http.Header{"Accept-Language": {"it-IT,it;q=0.9"}}
	wantCode(t, italian.submit("/signup", "/signup", url.Values{"name": {"Giulia"}, "email": {"giulia@example.org"},
		"password": {"a long and private passphrase"}, "country": {"IT"}}), http.StatusSeeOther)
	check(t, "the new account's language", must(w.Store.Accounts.UserByEmail(ctx, "giulia@example.org"))(t).Locale, "it")
	wantMail("confirmation", "giulia@example.org", "it", "Confirm your email address")
}

// TestVoteAnswerInTheReadersLanguage checks the numbers and words a vote
// answers with for the page's script: CLDR's plural forms (French says
// "0 vote", Portuguese "0 voto" too, Spanish "0 votos") and the language's
// way of writing the count.
func TestVoteAnswerInTheReadersLanguage(t *testing.T) {
	w := newWorld(t, testutil.Engines()[0])
	author := w.user(t, "Author")
	idea := w.idea(t, author, "Cork seats", w.open, w.design)
	for _, tt := range []struct{ locale, one, none string }{
		{"fr", "vote", "vote"}, {"pt-BR", "voto", "voto"}, {"es", "voto", "votos"}, {"en", "vote", "votes"},
	} {
		u := w.user(t, "Voter "+tt.locale)
		if err := w.Store.Accounts.SetLocale(context.Background(), u.ID, tt.locale); err != nil {
			t.Fatal(err)
		}
		c := w.login(t, u)
		var res struct {
			Votes      int    `json:"votes"`
			VotesText  string `json:"votes_text"`
			VotesLabel string `json:"votes_label"`
		}
		token := c.csrf(idea.URL())
		c.postJSON("/ideas/"+itoa(idea.ID)+"/vote", withToken(url.Values{}, token), &res)
		check(t, tt.locale+": label for 1", res.VotesLabel, tt.one)
		check(t, tt.locale+": text for 1", res.VotesText, "1")
		c.postJSON("/ideas/"+itoa(idea.ID)+"/unvote", withToken(url.Values{}, token), &res)
		check(t, tt.locale+": label for 0", res.VotesLabel, tt.none)
	}
	check(t, "a large count in Portuguese", i18n.Number("pt-BR", 1234567), "1.234.567")
	check(t, "in French", i18n.Number("fr", 1234), "1\u00a0234")
	check(t, "in English", i18n.Number("en", 1234), "1,234")
}
