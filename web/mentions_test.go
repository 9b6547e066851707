package web_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/ideario/ideario/models/slug"
)

func TestAccountHandle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ana, bia := w.user(t, "Ana Costa"), w.user(t, "Bia Lima")
		c := w.login(t, bia)
		form := func(handle string) url.Values {
			return url.Values{"name": {"Bia Lima"}, "handle": {handle}, "country": {"BR"}, "locale": {"en"}}
		}
		tests := []struct {
			name, handle string
			wantCode     int
			wantErr      string // the message beside the field
			wantHandle   string // bia's handle afterwards
		}{
			{"someone else's", "ana_costa", 422, "Someone else has this handle already: please choose another.", "bia_lima"},
			{"typed in capitals, still someone else's", "@Ana_Costa", 422, "Someone else has this handle already: please choose another.", "bia_lima"},
			{"another account's fallback", slug.FallbackHandle(ana.ID), 422, "Someone else has this handle already: please choose another.", "bia_lima"},
			{"too short", "bi", 422, "A handle is 3 to 30 lower-case letters without accents (a to z), digits and underscores.", "bia_lima"},
			{"accents", "bia_lúcia", 422, "A handle is 3 to 30 lower-case letters without accents (a to z), digits and underscores.", "bia_lima"},
			{"spaces", "bia lima", 422, "A handle is 3 to 30 lower-case letters without accents (a to z), digits and underscores.", "bia_lima"},
			{"free, with an @ and capitals", "@Bia_2", 303, "", "bia_2"},
			{"unchanged", "bia_2", 303, "", "bia_2"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.submit("/account", "/account", form(tt.handle))
				wantCode(t, r, tt.wantCode)
				check(t, "message beside the field", fieldError(r.Body, "handle"), tt.wantErr)
				if tt.wantCode == 422 {
					wantIn(t, r, `value="`+tt.handle+`"`)
				}
				u := must(w.Store.Accounts.UserByID(t.Context(), bia.ID))(t)
				check(t, "handle", u.Handle, tt.wantHandle)
			})
		}
		t.Run("the profile shows it", func(t *testing.T) {
			wantIn(t, newClient(t, w.Server).get("/users/"+strconv.FormatInt(bia.ID, 10)), "@bia_2")
		})
	})
}

func TestMentionOnIdeaPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author, ana := w.user(t, "Rui Lopes"), w.user(t, "Ana Souza")
		c := w.login(t, author)
		r := c.submit("/ideas/new", "/ideas", url.Values{"title": {"Seats of recycled wool"},
			"body": {"Ask @ana_souza, or @nobody_here, or mail ana@example.org."}, "challenge": {w.open.Slug}, "category": {"design"}})
		wantCode(t, r, 303)
		page := newClient(t, w.Server).follow(r)
		wantCode(t, page, 200)
		wantIn(t, page, `<a href="/users/`+strconv.FormatInt(ana.ID, 10)+`" class="mention">@ana_souza</a>`)
		wantIn(t, page, "or @nobody_here, or")
		wantNotIn(t, page, `class="mention">@nobody_here`)
		check(t, "ana told", w.count(t, "notifications", "user_id = ? AND kind = 'mention'", ana.ID), int64(1))
	})
}
