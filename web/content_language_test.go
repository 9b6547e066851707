package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/ideas"
)

// TestIdeasAndCommentsCarryTheirLanguage posts ideas and comments through
// the forms: each keeps the language it was written in (the writer's when
// the form does not say), shows it in lang attributes, is found by the
// other forms of its words, and the list filters by it.
func TestIdeasAndCommentsCarryTheirLanguage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		writer := w.user(t, "Beatriz")
		if err := w.Store.Accounts.SetLocale(ctx, writer.ID, "pt-BR"); err != nil {
			t.Fatal(err)
		}
		c := w.login(t, writer)
		post := func(title, lang string) (*response, *ideas.Idea) {
			t.Helper()
			form := url.Values{"title": {title}, "body": {"Corpo da ideia: " + title}, "challenge": {"open-car"}, "category": {"design"}}
			if lang != "none" {
				form.Set("lang", lang)
			}
			r := c.submit("/ideas/new", "/ideas", form)
			if r.Code != http.StatusSeeOther {
				return r, nil
			}
			m := regexp.MustCompile(`^/ideas/(\d+)`).FindStringSubmatch(r.Location)
			if m == nil {
				t.Fatalf("redirect to %q", r.Location)
			}
			id, _ := strconv.ParseInt(m[1], 10, 64)
			return r, must(w.Store.Ideas.IdeaByID(ctx, id))(t)
		}

		form := c.get("/ideas/new")
		wantIn(t, form, `<option value="pt-BR" lang="pt-BR" selected>`)
		_, pt := post("Carros elétricos para todos", "none")
		check(t, "the writer's language by default", pt.Lang, "pt-BR")
		_, fr := post("Voitures électriques partout", "fr")
		check(t, "the language chosen", fr.Lang, "fr")

		r, none := post("Macchine per tutti", "tlh")
		wantCode(t, r, http.StatusUnprocessableEntity)
		check(t, "a language not offered: saved", none == nil, true)
		check(t, "its message", fieldError(r.Body, "lang"), i18n.T("pt-BR", "Please choose one of the languages."))

		page := c.get(fr.URL())
		wantIn(t, page, `<h1 lang="fr">Voitures électriques partout</h1>`)
		wantIn(t, page, `<div class="prose idea-body" lang="fr">`)

		// A comment in Spanish on the French idea.
		r = c.submit(fr.URL(), "/ideas/"+itoa(fr.ID)+"/comments", url.Values{"body": {"¡Me encanta!"}, "lang": {"es"}})
		wantCode(t, r, http.StatusSeeOther)
		wantIn(t, c.get(fr.URL()), `<div class="prose" lang="es"><p>¡Me encanta!</p>`)

		// The list: cards say their language; the filter keeps one.
		anon := newClient(t, w.Server)
		list := anon.get("/ideas")
		wantIn(t, list, `<h3 class="idea-title" lang="pt-BR">`)
		for _, tt := range []struct {
			query string
			want  []int64
		}{
			{"lang=fr", []int64{fr.ID}},
			{"lang=pt-br", []int64{pt.ID}},
			{"lang=it", nil},
			{"lang=tlh", []int64{fr.ID, pt.ID}}, // not a language offered: no filter
			{"q=carro", []int64{pt.ID}},         // the Portuguese stem of "carros"
			{"q=voiture&lang=fr", []int64{fr.ID}},
		} {
			got := listed(anon.get("/ideas?sort=new&" + tt.query).Body)
			if !slices.Equal(got, tt.want) {
				t.Errorf("/ideas?%s lists %v, want %v", tt.query, got, tt.want)
			}
		}
		wantIn(t, anon.get("/ideas?lang=fr"), i18n.T("en", "Written in %s", "Français"))
		var api struct {
			Ideas []struct {
				ID   int64  `json:"id"`
				Lang string `json:"lang"`
			} `json:"ideas"`
		}
		anon.getJSON("/api/v1/ideas?lang=fr", &api)
		check(t, "the API's ideas in French", len(api.Ideas), 1)
		if len(api.Ideas) == 1 {
			check(t, "the API says the language", api.Ideas[0].Lang, "fr")
		}

		// Editing without the field keeps the language; with it, changes it.
		edit := url.Values{"title": {"Voitures électriques partout"}, "body": {"Encore"}, "category": {"design"}}
		wantCode(t, c.submit(fr.URL()+"/edit", "/ideas/"+itoa(fr.ID)+"/edit", edit), http.StatusSeeOther)
		check(t, "kept on edit", must(w.Store.Ideas.IdeaByID(ctx, fr.ID))(t).Lang, "fr")
		edit.Set("lang", "it")
		wantCode(t, c.submit(fr.URL()+"/edit", "/ideas/"+itoa(fr.ID)+"/edit", edit), http.StatusSeeOther)
		check(t, "changed on edit", must(w.Store.Ideas.IdeaByID(ctx, fr.ID))(t).Lang, "it")
		if !strings.Contains(must(w.Store.Ideas.IdeaByID(ctx, fr.ID))(t).SearchTitle, "voitur") {
			t.Errorf("the search text lost its words")
		}
	})
}
