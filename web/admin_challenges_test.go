package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/site"
)

// submitMultipart fills in a form with files as a browser would: the
// token from the page, then a multipart POST to the form's action.
func (c *client) submitMultipart(page, action string, fields url.Values, files map[string][]byte) *response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range withToken(fields, c.csrf(page)) {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for field, content := range files {
		fw, err := mw.CreateFormFile(field, field+".png")
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+action, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// coverPNG is a w x h picture for uploads.
func coverPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// a sunset over green hills: enough to see how covers are cropped
			r, g, b := uint8(255-y*120/h), uint8(150+y*60/h), uint8(80+x*100/w) //nolint:gosec // G115: x < w and y < h keep each within 0-255
			if hill := h*2/3 + int(float64(h/8)*math.Sin(float64(x)/float64(w)*6)); y > hill {
				r, g, b = 11, uint8(110+(y-hill)*40/h), 79 //nolint:gosec // G115: 0 < y-hill < h keeps it within 110-150
			}
			img.Set(x, y, color.RGBA{r, g, b, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// challengeForm is a valid challenge form; tests change one field at a time.
func challengeForm(w *world, title string) url.Values {
	return url.Values{"title": {title}, "slug": {""}, "description": {"Tell us **everything**."},
		"phase": {"ideation"}, "ideation_at": {""}, "voting_at": {""}, "review_at": {""}, "results_at": {""},
		"vote_budget": {"5"}, "categories": {itoa(w.design.ID), itoa(w.materials.ID)}}
}

func day(offset int) string { return time.Now().UTC().AddDate(0, 0, offset).Format(time.DateOnly) }

func (w *world) challengeBySlug(t *testing.T, slug string) *challenges.Challenge {
	t.Helper()
	return must(w.Store.Challenges.ChallengeBySlug(context.Background(), slug))(t)
}

// TestAdminChallengeAccess: the pages of this file for every role.
func TestAdminChallengeAccess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		edit := "/admin/challenges/" + itoa(w.open.ID) + "/edit"
		people := map[string]*client{
			"contributor": w.login(t, w.user(t, "Carla")),
			"sponsor":     w.login(t, w.userWithRole(t, "Sam", accounts.RoleSponsor)),
			"moderator":   w.login(t, w.userWithRole(t, "Mo", accounts.RoleModerator)),
			"admin":       w.login(t, w.userWithRole(t, "Ada", accounts.RoleAdmin)),
		}
		pages := []struct {
			path      string
			adminOnly bool
		}{{"/admin/challenges", false}, {"/admin/challenges/new", false}, {edit, false}, {"/admin/categories", false}, {"/admin/settings", true}}
		for _, pg := range pages {
			t.Run(pg.path, func(t *testing.T) {
				r := newClient(t, w.Server).get(pg.path)
				wantCode(t, r, http.StatusSeeOther)
				check(t, "anonymous goes to log in", strings.HasPrefix(r.Location, "/login?next="), true)
				for role, c := range people {
					want := http.StatusOK
					switch {
					case role == "contributor" || role == "sponsor":
						want = http.StatusForbidden
					case role == "moderator" && pg.adminOnly:
						want = http.StatusForbidden
					}
					if r := c.get(pg.path); r.Code != want {
						t.Errorf("%s: status %d, want %d", role, r.Code, want)
					}
				}
			})
		}
		posts := []struct{ path string }{{"/admin/challenges"}, {edit}, {"/admin/categories"}, {"/admin/categories/" + itoa(w.design.ID) + "/edit"}, {"/admin/settings"}}
		for _, p := range posts {
			t.Run("POST "+p.path, func(t *testing.T) {
				before := w.count(t, "audit_entries", "")
				r := people["contributor"].submit("/", p.path, url.Values{"title": {"Hijack"}, "name": {"Hijack"}, "site_name": {"Hijack"}})
				wantCode(t, r, http.StatusForbidden)
				check(t, "audit entries", w.count(t, "audit_entries", ""), before)
			})
		}
		check(t, "nothing renamed", w.challengeBySlug(t, "open-car").Title, w.open.Title)
		check(t, "site name", must(w.Store.Site.Settings(context.Background()))(t).SiteName, site.DefaultSettings.SiteName)
	})
}

func TestAdminChallengeList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := w.login(t, w.userWithRole(t, "Mo", accounts.RoleModerator))
		r := c.get("/admin/challenges")
		wantCode(t, r, http.StatusOK)
		for _, ch := range []*challenges.Challenge{w.open, w.review, w.draft, w.budget} {
			wantIn(t, r, `href="/admin/challenges/`+itoa(ch.ID)+`/edit"`)
		}
		wantIn(t, r, "Not yet") // drafts are listed too
		wantIn(t, r, `class="phase phase-draft"`)
		wantIn(t, r, `class="phase phase-review"`)
	})
}

func TestAdminCreateAndEditChallenge(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		mod := w.userWithRole(t, "Mo", accounts.RoleModerator)
		c := w.login(t, mod)
		form := challengeForm(w, "Which colours should the car come in?")
		form.Set("premoderate", "1")
		form.Set("phase", "draft")
		form.Set("ideation_at", "2031-01-10")
		form.Set("voting_at", "2031-02-10")
		form.Set("results_at", "2031-03-10")
		r := c.submit("/admin/challenges/new", "/admin/challenges", form)
		wantCode(t, r, http.StatusSeeOther)
		check(t, "redirect", r.Location, "/admin/challenges")
		list := c.follow(r)
		wantIn(t, list, "is saved")
		wantIn(t, list, "Which colours should the car come in?")
		wantIn(t, list, "Ideas open on 10 Jan 2031") // the next change its dates bring

		ch := w.challengeBySlug(t, "which-colours-should-the-car-come-in")
		check(t, "phase", ch.Phase, challenges.PhaseDraft)
		check(t, "budget", ch.VoteBudget, 5)
		check(t, "premoderate", ch.Premoderate, true)
		check(t, "categories", len(ch.Categories), 2)
		check(t, "voting date", ch.VotingAt.Format(time.DateOnly), "2031-02-10")
		check(t, "no review date", ch.ReviewAt == nil, true)
		check(t, "description", strings.Contains(ch.DescriptionHTML, "<strong>everything</strong>"), true)
		check(t, "create audited", w.count(t, "audit_entries", "action = ? AND target_id = ? AND actor_id = ?", "challenge.create", ch.ID, mod.ID), int64(1))

		edit := "/admin/challenges/" + itoa(ch.ID) + "/edit"
		r = c.get(edit)
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, `value="2031-02-10"`)
		wantIn(t, r, `value="which-colours-should-the-car-come-in"`)
		wantIn(t, r, `name="premoderate" value="1" aria-describedby="hint-premoderate" checked`)

		form = challengeForm(w, "Which colours?")
		form.Set("slug", "Colours 2031")
		form.Set("vote_budget", "0")
		form.Set("categories", itoa(w.other.ID))
		r = c.submit(edit, edit, form)
		wantCode(t, r, http.StatusSeeOther)
		ch = must(w.Store.Challenges.ChallengeByID(context.Background(), ch.ID))(t)
		check(t, "title", ch.Title, "Which colours?")
		check(t, "slug made tidy", ch.Slug, "colours-2031")
		check(t, "phase", ch.Phase, challenges.PhaseIdeation)
		check(t, "budget", ch.VoteBudget, 0)
		check(t, "premoderate off", ch.Premoderate, false)
		check(t, "dates cleared", ch.IdeationAt == nil && ch.VotingAt == nil && ch.ResultsAt == nil, true)
		check(t, "one category", len(ch.Categories) == 1 && ch.Categories[0].ID == w.other.ID, true)
		check(t, "update audited", w.count(t, "audit_entries", "action = ? AND target_id = ?", "challenge.update", ch.ID), int64(1))
		wantIn(t, c.get("/challenges/colours-2031"), "Which colours?")

		wantCode(t, c.get("/admin/challenges/999999/edit"), http.StatusNotFound)
		wantCode(t, c.get("/admin/challenges/abc/edit"), http.StatusNotFound)
		wantCode(t, c.submit("/admin/challenges", "/admin/challenges/999999/edit", form), http.StatusNotFound)
	})
}

func TestAdminChallengeInvalid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := w.login(t, w.userWithRole(t, "Mo", accounts.RoleModerator))
		invalid := []struct {
			name   string
			change url.Values
			field  string
			wantIn string
		}{
			{"no title", url.Values{"title": {" "}}, "title", "Please fill this in."},
			{"title too long", url.Values{"title": {strings.Repeat("t", 201)}}, "title", "200 characters or fewer"},
			{"slug taken", url.Values{"slug": {"open-car"}}, "slug", "Another challenge already has the address /challenges/open-car"},
			{"slug from a taken title", url.Values{"title": {"Open car"}}, "slug", "/challenges/open-car"},
			{"slug without letters", url.Values{"slug": {"!!!"}}, "slug", "at least one letter or digit"},
			{"description too long", url.Values{"description": {strings.Repeat("d", 20001)}}, "description", "20,000 characters or fewer"},
			{"unknown phase", url.Values{"phase": {"open"}}, "phase", "Please choose a phase."},
			{"no phase", url.Values{"phase": {""}}, "phase", "Please choose a phase."},
			{"not a date", url.Values{"ideation_at": {"tomorrow"}}, "ideation_at", "YYYY-MM-DD"},
			{"impossible date", url.Values{"voting_at": {"2031-02-30"}}, "voting_at", "YYYY-MM-DD"},
			{"dates out of order", url.Values{"ideation_at": {"2031-05-01"}, "voting_at": {"2031-04-01"}}, "voting_at", "must come after 2031-05-01"},
			{"same date twice", url.Values{"voting_at": {"2031-05-01"}, "results_at": {"2031-05-01"}}, "results_at", "must come after 2031-05-01"},
			{"negative budget", url.Values{"vote_budget": {"-1"}}, "vote_budget", "whole number from 0"},
			{"budget in words", url.Values{"vote_budget": {"ten"}}, "vote_budget", "whole number from 0"},
			{"huge budget", url.Values{"vote_budget": {"99999999999999999999"}}, "vote_budget", "whole number from 0"},
			{"unknown category", url.Values{"categories": {"999999"}}, "categories", "among the categories listed"},
			{"category not a number", url.Values{"categories": {"design"}}, "categories", "among the categories listed"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				before := w.count(t, "challenges", "")
				form := challengeForm(w, "A new challenge")
				for k, v := range tt.change {
					form[k] = v
				}
				for _, target := range []struct{ page, action string }{
					{"/admin/challenges/new", "/admin/challenges"},
					{"/admin/challenges/" + itoa(w.budget.ID) + "/edit", "/admin/challenges/" + itoa(w.budget.ID) + "/edit"},
				} {
					r := c.submit(target.page, target.action, form)
					wantCode(t, r, http.StatusUnprocessableEntity)
					if msg := fieldError(r.Body, tt.field); !strings.Contains(msg, tt.wantIn) {
						t.Errorf("%s: message next to %s = %q, want it to contain %q", target.action, tt.field, msg, tt.wantIn)
					}
					wantIn(t, r, `aria-describedby="err-`+tt.field)
				}
				check(t, "challenges", w.count(t, "challenges", ""), before)
				check(t, "budget challenge unchanged", w.challengeBySlug(t, "one-vote").Title, w.budget.Title)
			})
		}

		t.Run("cover that is not an image", func(t *testing.T) {
			r := c.submitMultipart("/admin/challenges/new", "/admin/challenges", challengeForm(w, "With a bad cover"),
				map[string][]byte{"cover": []byte("MZ\x90\x00 this is a program, not a picture")})
			wantCode(t, r, http.StatusUnprocessableEntity)
			check(t, "message", fieldError(r.Body, "cover"), "Please choose a JPEG, PNG or GIF image.")
			check(t, "images", w.count(t, "images", ""), int64(0))
		})
		t.Run("cover over 8 MB", func(t *testing.T) {
			big := append(coverPNG(t, 10, 10), make([]byte, media.MaxBytes)...)
			r := c.submitMultipart("/admin/challenges/new", "/admin/challenges", challengeForm(w, "With a big cover"), map[string][]byte{"cover": big})
			wantCode(t, r, http.StatusUnprocessableEntity)
			wantIn(t, &response{Body: fieldError(r.Body, "cover")}, "larger than 8 MB")
		})
		t.Run("good cover with a wrong field", func(t *testing.T) {
			form := challengeForm(w, "")
			r := c.submitMultipart("/admin/challenges/new", "/admin/challenges", form, map[string][]byte{"cover": coverPNG(t, 40, 20)})
			wantCode(t, r, http.StatusUnprocessableEntity)
			wantIn(t, &response{Body: fieldError(r.Body, "cover")}, "choose it again")
			check(t, "images", w.count(t, "images", ""), int64(0))
		})
		t.Run("broken multipart", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, c.base+"/admin/challenges", strings.NewReader("--xyz\r\nnot a part"))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
			req.Header.Set("X-CSRF-Token", c.csrf("/admin/challenges/new"))
			r := c.do(req)
			if r.Code >= 500 {
				t.Errorf("a broken upload is a %d", r.Code)
			}
		})
	})
}

// TestAdminChallengePhaseByDate: a date set in the form moves the
// challenge on at once, without a restart, for posting and voting alike.
func TestAdminChallengePhaseByDate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		mod := w.login(t, w.userWithRole(t, "Mo", accounts.RoleModerator))
		form := challengeForm(w, "Which wheels?")
		form.Set("vote_budget", "0")
		wantCode(t, mod.submit("/admin/challenges/new", "/admin/challenges", form), http.StatusSeeOther)
		ch := w.challengeBySlug(t, "which-wheels")

		author := w.login(t, w.user(t, "Ana"))
		idea := url.Values{"title": {"Wheels from recycled alloy"}, "body": {"Lighter."}, "challenge": {"which-wheels"}, "category": {"design"}}
		r := author.submit("/ideas/new", "/ideas", idea)
		wantCode(t, r, http.StatusSeeOther)
		ideaID := listedIdea(t, w, ch.ID)

		form.Set("ideation_at", day(-3))
		form.Set("voting_at", day(-1))
		form.Set("review_at", day(5))
		edit := "/admin/challenges/" + itoa(ch.ID) + "/edit"
		wantCode(t, mod.submit(edit, edit, form), http.StatusSeeOther)

		list := mod.get("/admin/challenges")
		wantIn(t, list, `<span class="phase phase-voting">Voting</span>`)
		wantIn(t, list, "In review on "+time.Now().UTC().AddDate(0, 0, 5).Format("2 Jan 2006"))
		wantIn(t, mod.get(edit), "then In review on")

		idea.Set("title", "Wheels that glow at night")
		r = author.submit("/ideas/new", "/ideas", idea)
		wantCode(t, r, http.StatusUnprocessableEntity)
		wantIn(t, &response{Body: fieldError(r.Body, "challenge")}, "no longer takes new ideas")

		voter := w.login(t, w.user(t, "Vera"))
		wantCode(t, voter.submit("/challenges/which-wheels", ideaPath(ideaID)+"/vote", url.Values{}), http.StatusSeeOther)
		check(t, "votes", w.count(t, "votes", "idea_id = ?", ideaID), int64(1))
		wantIn(t, newClient(t, w.Server).get("/challenges/which-wheels"), `class="phase phase-voting"`)
	})
}

// listedIdea is the id of the only idea in a challenge.
func listedIdea(t *testing.T, w *world, challengeID int64) int64 {
	t.Helper()
	var ids []int64
	if err := w.Store.DB.Table("ideas").Where("challenge_id = ?", challengeID).Pluck("id", &ids).Error; err != nil || len(ids) != 1 {
		t.Fatalf("ideas in challenge %d: %v %v", challengeID, ids, err)
	}
	return ids[0]
}

func TestAdminChallengeCover(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := w.login(t, w.userWithRole(t, "Mo", accounts.RoleModerator))
		r := c.submitMultipart("/admin/challenges/new", "/admin/challenges", challengeForm(w, "Which roof?"),
			map[string][]byte{"cover": coverPNG(t, 1200, 400)})
		wantCode(t, r, http.StatusSeeOther)
		check(t, "redirect", r.Location, "/admin/challenges")
		ch := w.challengeBySlug(t, "which-roof")
		if ch.CoverImageID == nil {
			t.Fatal("no cover stored")
		}
		img := "/images/" + itoa(*ch.CoverImageID)

		anon := newClient(t, w.Server)
		for _, tt := range []struct {
			path  string
			wantW int
			wantH int
		}{{img, 1200, 400}, {img + "/thumb", 640, 213}} {
			r := anon.get(tt.path)
			wantCode(t, r, http.StatusOK)
			check(t, "content type", r.Header.Get("Content-Type"), "image/png")
			check(t, "cache", r.Header.Get("Cache-Control"), "public, max-age=31536000, immutable")
			etag := r.Header.Get("ETag")
			check(t, "etag is set", len(etag) > 2, true)
			cfg, err := png.DecodeConfig(strings.NewReader(r.Body))
			if err != nil {
				t.Fatalf("%s: %v", tt.path, err)
			}
			check(t, "width", cfg.Width, tt.wantW)
			check(t, "height", cfg.Height, tt.wantH)
			req, _ := http.NewRequest(http.MethodGet, anon.base+tt.path, nil)
			req.Header.Set("If-None-Match", etag)
			wantCode(t, anon.do(req), http.StatusNotModified)
		}
		wantCode(t, anon.get("/images/999999"), http.StatusNotFound)
		wantCode(t, anon.get("/images/999999/thumb"), http.StatusNotFound)
		wantCode(t, anon.get("/images/abc"), http.StatusNotFound)

		wantIn(t, anon.get("/challenges/which-roof"), `<img class="challenge-hero" src="`+img+`" alt="Which roof?">`)
		wantIn(t, anon.get("/challenges"), `src="`+img+`/thumb" alt="Which roof?"`)

		edit := "/admin/challenges/" + itoa(ch.ID) + "/edit"
		wantIn(t, c.get(edit), `src="`+img+`/thumb"`)
		form := challengeForm(w, "Which roof, again?")
		form.Set("slug", "which-roof")
		wantCode(t, c.submitMultipart(edit, edit, form, nil), http.StatusSeeOther)
		check(t, "cover kept", *w.challengeBySlug(t, "which-roof").CoverImageID, *ch.CoverImageID)
		form.Set("remove_cover", "1")
		wantCode(t, c.submit(edit, edit, form), http.StatusSeeOther)
		check(t, "cover removed", w.challengeBySlug(t, "which-roof").CoverImageID == nil, true)
		wantNotIn(t, anon.get("/challenges/which-roof"), "challenge-hero")
	})
}

func TestAdminCategories(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		mod := w.userWithRole(t, "Mo", accounts.RoleModerator)
		c := w.login(t, mod)
		author := w.user(t, "Ana")
		w.idea(t, author, "Seats from bottles", w.open, w.design)
		w.idea(t, author, "Doors that slide", w.open, w.design)
		r := c.get("/admin/categories")
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, "2 ideas")
		wantIn(t, r, `action="/admin/categories/`+itoa(w.materials.ID)+`/edit"`)

		r = c.submit("/admin/categories", "/admin/categories", url.Values{"name": {"Manufacturing"}, "description": {"How it is made"}, "position": {"4"}})
		wantCode(t, r, http.StatusSeeOther)
		wantIn(t, c.follow(r), "Manufacturing")
		made := must(w.Store.Challenges.CategoryBySlug(context.Background(), "manufacturing"))(t)
		check(t, "position", made.Position, 4)
		check(t, "create audited", w.count(t, "audit_entries", "action = ? AND target_id = ? AND actor_id = ?", "category.create", made.ID, mod.ID), int64(1))

		invalid := []struct {
			name, field, wantIn string
			form                url.Values
		}{
			{"no name", "name", "Please fill this in.", url.Values{"name": {""}}},
			{"name too long", "name", "80 characters or fewer", url.Values{"name": {strings.Repeat("n", 81)}}},
			{"slug taken", "slug", "Another category already has the address design", url.Values{"name": {"Design"}}},
			{"slug without letters", "slug", "at least one letter or digit", url.Values{"name": {"Looks"}, "slug": {"---"}}},
			{"position in words", "position", "whole number from 0 to 9999", url.Values{"name": {"Looks"}, "position": {"first"}}},
			{"negative position", "position", "whole number from 0 to 9999", url.Values{"name": {"Looks"}, "position": {"-3"}}},
			{"description too long", "description", "1,000 characters or fewer", url.Values{"name": {"Looks"}, "description": {strings.Repeat("d", 1001)}}},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				before := w.count(t, "categories", "")
				r := c.submit("/admin/categories", "/admin/categories", tt.form)
				wantCode(t, r, http.StatusUnprocessableEntity)
				if msg := fieldError(r.Body, tt.field); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("new form: message next to %s = %q, want %q", tt.field, msg, tt.wantIn)
				}
				edit := "/admin/categories/" + itoa(w.other.ID) + "/edit"
				r = c.submit("/admin/categories", edit, tt.form)
				wantCode(t, r, http.StatusUnprocessableEntity)
				field := tt.field + "-" + itoa(w.other.ID)
				if msg := fieldError(r.Body, field); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("edit form: message next to %s = %q, want %q", field, msg, tt.wantIn)
				}
				wantIn(t, r, "<details open>")
				check(t, "categories", w.count(t, "categories", ""), before)
				check(t, "other unchanged", must(w.Store.Challenges.CategoryByID(context.Background(), w.other.ID))(t).Name, "Other")
			})
		}

		edit := "/admin/categories/" + itoa(w.other.ID) + "/edit"
		r = c.submit("/admin/categories", edit, url.Values{"name": {"Everything else"}, "slug": {"else"}, "position": {"9"}})
		wantCode(t, r, http.StatusSeeOther)
		got := must(w.Store.Challenges.CategoryByID(context.Background(), w.other.ID))(t)
		check(t, "name", got.Name, "Everything else")
		check(t, "slug", got.Slug, "else")
		check(t, "update audited", w.count(t, "audit_entries", "action = ? AND target_id = ?", "category.update", w.other.ID), int64(1))
		wantCode(t, c.submit("/admin/categories", "/admin/categories/999999/edit", url.Values{"name": {"Ghost"}}), http.StatusNotFound)
	})
}

func TestAdminSettings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		admin := w.userWithRole(t, "Ada", accounts.RoleAdmin)
		c := w.login(t, admin)
		r := c.get("/admin/settings")
		wantCode(t, r, http.StatusOK)
		wantIn(t, r, `value="3"`) // the default flag threshold
		good := url.Values{"site_name": {"Mio Ideas"}, "welcome_text": {"Help us build the car."}, "flag_threshold": {"5"},
			"require_verify": {"1"}, "premoderate": {"1"}}

		invalid := []struct {
			name, field, value, wantIn string
		}{
			{"no site name", "site_name", "", "Please fill this in."},
			{"site name too long", "site_name", strings.Repeat("s", 81), "80 characters or fewer"},
			{"welcome too long", "welcome_text", strings.Repeat("w", 501), "500 characters or fewer"},
			{"threshold zero", "flag_threshold", "0", "from 1 to 100"},
			{"threshold too high", "flag_threshold", "101", "from 1 to 100"},
			{"threshold in words", "flag_threshold", "three", "from 1 to 100"},
			{"no threshold", "flag_threshold", "", "from 1 to 100"},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				form := url.Values{}
				for k, v := range good {
					form[k] = v
				}
				form.Set(tt.field, tt.value)
				r := c.submit("/admin/settings", "/admin/settings", form)
				wantCode(t, r, http.StatusUnprocessableEntity)
				if msg := fieldError(r.Body, tt.field); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("message next to %s = %q, want %q", tt.field, msg, tt.wantIn)
				}
				check(t, "settings unchanged", must(w.Store.Site.Settings(context.Background()))(t).Equal(site.DefaultSettings), true)
			})
		}

		// Sign-up is closed: the box is left unchecked.
		r = c.submit("/admin/settings", "/admin/settings", good)
		wantCode(t, r, http.StatusSeeOther)
		st := must(w.Store.Site.Settings(context.Background()))(t)
		check(t, "settings", st.Equal(site.Settings{SiteName: "Mio Ideas", WelcomeText: "Help us build the car.", SignupOpen: false,
			RequireVerify: true, FlagThreshold: 5, Premoderate: true, DefaultLocale: "en"}), true)
		check(t, "audited", w.count(t, "audit_entries", "action = ? AND actor_id = ?", "settings.update", admin.ID), int64(1))
		wantIn(t, c.follow(r), "<title>Site settings · Mio Ideas</title>")

		visitor := newClient(t, w.Server)
		home := visitor.get("/")
		wantIn(t, home, "Help us build the car.")
		r = visitor.submit("/signup", "/signup", url.Values{"name": {"Late Comer"}, "email": {"late@example.org"},
			"password": {"a long enough password"}, "country": {"BR"}})
		wantCode(t, r, http.StatusForbidden)
		wantIn(t, r, "Sign-up is closed")
		check(t, "no account", w.count(t, "users", "email = ?", "late@example.org"), int64(0))

		good.Set("signup_open", "1")
		wantCode(t, c.submit("/admin/settings", "/admin/settings", good), http.StatusSeeOther)
		r = visitor.submit("/signup", "/signup", url.Values{"name": {"Late Comer"}, "email": {"late@example.org"},
			"password": {"a long enough password"}, "country": {"BR"}})
		wantCode(t, r, http.StatusSeeOther)
	})
}

// TestBrowserAdminChallenge: a moderator creates a challenge with a cover
// in Chromium, by keyboard-free clicks and typing, on a wide screen and
// on a phone; the screenshots go to IDEARIO_SCREENSHOTS.
func TestBrowserAdminChallenge(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "sqlite")
	mod := w.userWithRole(t, "Mo Derator", accounts.RoleAdmin)
	w.idea(t, w.user(t, "Ana"), "Seats from bottles", w.open, w.design)
	b := newBrowser(t, w.Server, "admin")
	b.open("/login")
	b.fill("#email", mod.Email)
	b.fill("#password", password)
	b.clickAndLoad(`form[action="/login"] button[type=submit]`)

	b.open("/admin/challenges/new")
	b.fill("#title", "Which sounds should the car make?")
	b.fill("#description", "Electric cars are silent: **what should ours sound like?**")
	b.do(chromedp.SetValue(chromedp.CSS(`#voting_at`), day(-1)), chromedp.SetValue(chromedp.CSS(`#ideation_at`), day(-10)),
		chromedp.SetValue(chromedp.CSS(`#review_at`), day(20)))
	b.choose("#phase", "draft")
	b.click(fmt.Sprintf(`input[name=categories][value="%d"]`, w.design.ID))
	cover := filepath.Join(t.TempDir(), "cover.png")
	if err := os.WriteFile(cover, coverPNG(t, 1600, 600), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#cover"), []string{cover}))
	b.shot("challenge-form")
	b.clickAndLoad(`form[action="/admin/challenges"] button[type=submit]`)
	b.wantPath("/admin/challenges")
	b.wantText(".flash", "is saved")
	b.shot("challenges")
	b.open("/challenges/which-sounds-should-the-car-make")
	b.wantAttr(".challenge-hero", "alt", "Which sounds should the car make?")
	b.shot("public-challenge")
	b.open("/challenges")
	b.shot("public-challenges")
	b.open("/admin/challenges/" + itoa(w.open.ID) + "/edit")
	b.shot("challenge-edit")
	b.open("/admin/challenges/new")
	b.fill("#title", "x")
	b.do(chromedp.SetValue(chromedp.CSS(`#vote_budget`), "-4"), chromedp.SetValue(chromedp.CSS(`#voting_at`), "2031-01-01"),
		chromedp.SetValue(chromedp.CSS(`#results_at`), "2030-01-01"))
	b.clickAndLoad(`form[action="/admin/challenges"] button[type=submit]`)
	b.wantText("#err-vote_budget", "whole number")
	b.wantText("#err-results_at", "must come after")
	b.shot("challenge-form-errors")
	b.open("/admin/categories")
	b.shot("categories")
	b.open("/admin/settings")
	b.shot("settings")

	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, pg := range []struct{ name, path string }{
		{"phone-challenges", "/admin/challenges"},
		{"phone-public-challenge", "/challenges/which-sounds-should-the-car-make"},
		{"phone-challenge-form", "/admin/challenges/" + itoa(w.open.ID) + "/edit"},
		{"phone-categories", "/admin/categories"},
		{"phone-settings", "/admin/settings"},
	} {
		b.open(pg.path)
		var size struct{ Scroll, Inner int }
		b.evalInto(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &size)
		if size.Scroll > size.Inner {
			t.Errorf("%s: the page scrolls sideways on a phone (%d > %d)", pg.path, size.Scroll, size.Inner)
		}
		b.shot(pg.name)
	}
}
