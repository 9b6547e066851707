package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
)

// TestChallengeInOtherLanguages gives a challenge a title and a
// description in Portuguese from the admin's form: Portuguese readers see
// them wherever the challenge is named, others see the default language's
// (marked as such for screen readers), and a form without those fields
// keeps them.
func TestChallengeInOtherLanguages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		admin := w.login(t, w.userWithRole(t, "Admin", accounts.RoleAdmin))
		edit := "/admin/challenges/" + itoa(w.open.ID) + "/edit"
		page := admin.get(edit)
		wantIn(t, page, `name="title.pt-BR"`)
		if strings.Contains(page.Body, `name="title.en"`) {
			t.Errorf("the form asks for the default language twice")
		}
		form := url.Values{}
		for _, f := range formsOn(t, page.Body) {
			if f.action == edit {
				form = f.fields
			}
		}
		form.Set("title.pt-BR", "Como deve ser o carro?")
		form.Set("description.pt-BR", "Conte para nós **tudo**.")
		form.Set("title.fr", strings.Repeat("x", 201))
		r := admin.submit(edit, edit, form)
		wantCode(t, r, http.StatusUnprocessableEntity)
		check(t, "the message next to the French title", fieldError(r.Body, "title.fr"), i18n.T("en", "Please keep this to %d characters or fewer (it has %d).", 200, 201))
		form.Set("title.fr", "")
		wantCode(t, admin.submit(edit, edit, form), http.StatusSeeOther)

		author := w.user(t, "Autora")
		idea := w.idea(t, author, "Bancos de cortiça", w.open, w.design)
		portuguese := newClient(t, w.Server)
		portuguese.header = http.Header{"Accept-Language": {"pt-BR"}}
		for _, p := range []string{"/challenges", "/challenges/open-car", "/", idea.URL(), "/ideas"} {
			r := portuguese.get(p)
			wantIn(t, r, "Como deve ser o carro?")
			wantNotIn(t, r, "What should the car be?")
		}
		wantIn(t, portuguese.get("/challenges/open-car"), `<div class="prose"><p>Conte para nós <strong>tudo</strong>.</p>`)
		french := newClient(t, w.Server)
		french.header = http.Header{"Accept-Language": {"fr"}}
		r = french.get("/challenges/open-car")
		wantIn(t, r, `<h1 id="challenge-title" lang="en">What should the car be?</h1>`)
		wantNotIn(t, r, "Como deve ser")

		// A form without the other languages' fields (an older page, a
		// script) leaves them as they are.
		for k := range form {
			if strings.Contains(k, ".") {
				form.Del(k)
			}
		}
		wantCode(t, admin.submit(edit, edit, form), http.StatusSeeOther)
		texts := must(w.Store.Challenges.ChallengeTexts(ctx))(t)
		check(t, "kept", texts[w.open.ID]["pt-BR"].Title, "Como deve ser o carro?")
		check(t, "audited", w.count(t, "audit_entries", "action = ? AND after_state LIKE ?", "challenge.update", "%Como deve ser%") > 0, true)
	})
}
