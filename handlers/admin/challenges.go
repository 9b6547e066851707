package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// VoteBudgetMax keeps the vote budget a number people can read.
const VoteBudgetMax = 100000

// AdminChallengesPage is the data of the admin list of challenges.
type AdminChallengesPage struct {
	handlers.Page
	Challenges []challenges.Challenge
}

// AdminChallenges lists every challenge, drafts included, with the phase
// in force now and the next change its dates will bring.
func (h *Handler) AdminChallenges(c echo.Context) error {
	all, err := h.Store.Challenges.AllChallenges(c.Request().Context())
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "admin_challenges", AdminChallengesPage{Page: h.Page(c, handlers.T(c, "Challenges")), Challenges: all})
}

// ChallengeForm is what a moderator writes in the challenge form. Dates
// are YYYY-MM-DD, as HTML date inputs send them.
type ChallengeForm struct {
	Title, Slug, Description, Phase           string
	IdeationAt, VotingAt, ReviewAt, ResultsAt string
	VoteBudget                                string
	Premoderate, RemoveCover                  bool
	Categories                                map[int64]bool
	// Texts are the title and description in other languages, by locale;
	// nil when the form did not have them (they are then kept).
	Texts map[string]challenges.ChallengeText
}

// ChallengeFormPage is the data of the new-challenge and edit-challenge pages.
type ChallengeFormPage struct {
	handlers.Page
	Form       ChallengeForm
	Errors     handlers.FormErrors
	Categories []challenges.Category
	Phases     []string
	// Challenge is the challenge being edited, nil for a new one.
	Challenge *challenges.Challenge
	Action    string
}

func bindChallengeForm(c echo.Context) (ChallengeForm, []string) {
	f := ChallengeForm{
		Title: handlers.Form(c, "title"), Slug: handlers.Form(c, "slug"), Description: handlers.Form(c, "description"), Phase: handlers.Form(c, "phase"),
		IdeationAt: handlers.Form(c, "ideation_at"), VotingAt: handlers.Form(c, "voting_at"), ReviewAt: handlers.Form(c, "review_at"),
		ResultsAt: handlers.Form(c, "results_at"), VoteBudget: handlers.Form(c, "vote_budget"),
		Premoderate: handlers.Form(c, "premoderate") != "", RemoveCover: handlers.Form(c, "remove_cover") != "",
		Categories: map[int64]bool{}, Texts: bindChallengeTexts(c),
	}
	params, _ := c.FormParams()
	return f, params["categories"]
}

func challengeFormOf(ch *challenges.Challenge) ChallengeForm {
	f := ChallengeForm{Title: ch.Title, Slug: ch.Slug, Description: ch.Description, Phase: ch.Phase,
		IdeationAt: dateValue(ch.IdeationAt), VotingAt: dateValue(ch.VotingAt), ReviewAt: dateValue(ch.ReviewAt),
		ResultsAt: dateValue(ch.ResultsAt), VoteBudget: strconv.Itoa(ch.VoteBudget), Premoderate: ch.Premoderate,
		Categories: map[int64]bool{}}
	for _, cat := range ch.Categories {
		f.Categories[cat.ID] = true
	}
	return f
}

func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// validateChallenge checks the form and turns it into what the store takes.
// The slug is made from the title when left empty.
func validateChallenge(c echo.Context, f *ChallengeForm, checked []string, cats []challenges.Category) (challenges.ChallengeInput, *handlers.Validator) {
	v := handlers.NewValidator(c)
	in := challenges.ChallengeInput{Title: f.Title, Description: f.Description, Phase: f.Phase, Premoderate: f.Premoderate, RemoveCover: f.RemoveCover,
		Texts: f.Texts}
	v.Length("title", f.Title, 1, challenges.ChallengeTitleMax)
	checkChallengeTexts(v, f.Texts)
	in.Slug = slug.Slugify(f.Slug, challenges.ChallengeSlugMax)
	if f.Slug == "" {
		in.Slug = slug.Slugify(f.Title, challenges.ChallengeSlugMax)
	}
	if in.Slug == "" && f.Title != "" {
		v.Add("slug", "Please choose an address with at least one letter or digit.")
	}
	v.Length("description", f.Description, 0, challenges.ChallengeDescriptionMax)
	if !slices.Contains(challenges.Phases, f.Phase) {
		v.Add("phase", "Please choose a phase.")
	}
	var last *time.Time
	for _, d := range []struct {
		field, value string
		into         **time.Time
	}{{"ideation_at", f.IdeationAt, &in.IdeationAt}, {"voting_at", f.VotingAt, &in.VotingAt},
		{"review_at", f.ReviewAt, &in.ReviewAt}, {"results_at", f.ResultsAt, &in.ResultsAt}} {
		if d.value == "" {
			continue
		}
		at, err := time.Parse(time.DateOnly, d.value)
		switch {
		case err != nil:
			v.Add(d.field, "Please enter a date as YYYY-MM-DD.")
		case last != nil && !at.After(*last):
			v.Add(d.field, "Phase dates must be in order: this one must come after %s.", last.Format(time.DateOnly))
		default:
			*d.into, last = &at, &at
		}
	}
	budget, err := strconv.Atoi(f.VoteBudget)
	switch {
	case f.VoteBudget == "":
	case err != nil || budget < 0 || budget > VoteBudgetMax:
		v.Add("vote_budget", "Please enter a whole number from 0 to %d (0: no limit).", VoteBudgetMax)
	default:
		in.VoteBudget = budget
	}
	for _, raw := range checked {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || !slices.ContainsFunc(cats, func(cat challenges.Category) bool { return cat.ID == id }) {
			v.Add("categories", "Please choose among the categories listed.")
			continue
		}
		f.Categories[id] = true
		in.CategoryIDs = append(in.CategoryIDs, id)
	}
	return in, v
}

// NewChallengeForm shows the form to create a challenge.
func (h *Handler) NewChallengeForm(c echo.Context) error {
	f := ChallengeForm{Phase: challenges.PhaseDraft, VoteBudget: "0", Categories: map[int64]bool{}}
	return h.renderChallengeForm(c, http.StatusOK, nil, f, handlers.FormErrors{})
}

// CreateChallenge stores a new challenge.
func (h *Handler) CreateChallenge(c echo.Context) error { return h.saveChallenge(c, nil) }

// EditChallengeForm shows a challenge's settings.
func (h *Handler) EditChallengeForm(c echo.Context) error {
	ch, err := h.pathChallenge(c)
	if err != nil {
		return err
	}
	f := challengeFormOf(ch)
	texts, err := h.Store.Challenges.ChallengeTexts(c.Request().Context())
	if err != nil {
		return err
	}
	f.Texts = texts[ch.ID]
	return h.renderChallengeForm(c, http.StatusOK, ch, f, handlers.FormErrors{})
}

// UpdateChallenge saves a challenge's settings.
func (h *Handler) UpdateChallenge(c echo.Context) error {
	ch, err := h.pathChallenge(c)
	if err != nil {
		return err
	}
	return h.saveChallenge(c, ch)
}

func (h *Handler) pathChallenge(c echo.Context) (*challenges.Challenge, error) {
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return nil, err
	}
	ch, err := h.Store.Challenges.ChallengeByID(c.Request().Context(), id)
	return ch, handlers.HTTPError(err)
}

// saveChallenge validates the form, with its cover image, and creates the
// challenge (editing nil) or saves the one being edited.
func (h *Handler) saveChallenge(c echo.Context, editing *challenges.Challenge) error {
	ctx := c.Request().Context()
	cats, err := h.Store.Challenges.Categories(ctx)
	if err != nil {
		return err
	}
	f, checked := bindChallengeForm(c)
	in, v := validateChallenge(c, &f, checked, cats)
	if in.Cover, err = h.coverUpload(c, v); err != nil {
		return err
	}
	if v.OK() {
		var id int64
		if editing != nil {
			id = editing.ID
		}
		saved, err := h.Store.Challenges.SaveChallenge(ctx, handlers.CurrentUser(c), id, in)
		switch {
		case errors.Is(err, store.ErrDuplicate):
			v.Add("slug", "Another challenge already has the address /challenges/%s. Please choose another.", in.Slug)
		case err != nil:
			return handlers.HTTPError(err)
		default:
			if handlers.WantsJSON(c) {
				return c.JSON(http.StatusOK, map[string]any{"id": saved.ID, "url": h.Config.BaseURL + "/challenges/" + saved.Slug})
			}
			h.Sessions.Flash(c, handlers.T(c, "The challenge “%s” is saved.", saved.Title))
			return handlers.Redirect(c, "/admin/challenges")
		}
	}
	if handlers.WantsJSON(c) {
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"errors": v.Errors()})
	}
	return h.renderChallengeForm(c, http.StatusUnprocessableEntity, editing, f, v.Errors())
}

// coverUpload reads and prepares the cover image, if one was sent. Its
// problems go to the "cover" field; an image that is fine is still lost
// when another field is wrong, since browsers cannot refill a file input.
func (h *Handler) coverUpload(c echo.Context, v *handlers.Validator) (*images.Image, error) {
	raw, err := handlers.Upload(c, "cover")
	if err != nil {
		handlers.ImageProblem(v, "cover", err)
		return nil, nil
	}
	if raw == nil {
		return nil, nil
	}
	pic, err := media.Prepare(raw)
	switch {
	case err != nil:
		handlers.ImageProblem(v, "cover", err)
		return nil, nil
	case !v.OK():
		v.Add("cover", "The image was not saved because of the other mistakes: please choose it again.")
		return nil, nil
	}
	return images.ImageOf(pic), nil
}

func (h *Handler) renderChallengeForm(c echo.Context, code int, ch *challenges.Challenge, f ChallengeForm, errs handlers.FormErrors) error {
	cats, err := h.Store.Challenges.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	title, action := handlers.T(c, "New challenge"), "/admin/challenges"
	if ch != nil {
		title, action = handlers.T(c, "Edit the challenge"), fmt.Sprintf("/admin/challenges/%d/edit", ch.ID)
	}
	return c.Render(code, "admin_challenge_form", ChallengeFormPage{Page: h.Page(c, title), Form: f, Errors: errs,
		Categories: cats, Phases: challenges.Phases, Challenge: ch, Action: action})
}

// CategoryForm is what a moderator writes in a category form.
type CategoryForm struct {
	Name, Slug, Description, Position string
}

// CategoryRow is a category on the admin page, with its edit form; Open
// unfolds the form when it came back with mistakes.
type CategoryRow struct {
	challenges.CategoryStat
	Form   CategoryForm
	Errors handlers.FormErrors
	Open   bool
}

// AdminCategoriesPage is the data of the categories page.
type AdminCategoriesPage struct {
	handlers.Page
	Rows      []CategoryRow
	New       CategoryForm
	NewErrors handlers.FormErrors
}

// AdminCategories lists the categories with their idea counts, each with
// its edit form, and the form to add one.
func (h *Handler) AdminCategories(c echo.Context) error {
	return h.renderCategories(c, http.StatusOK, 0, CategoryForm{Position: "0"}, handlers.FormErrors{})
}

// CreateCategory adds a category.
func (h *Handler) CreateCategory(c echo.Context) error { return h.saveCategory(c, 0) }

// UpdateCategory saves a category's changes.
func (h *Handler) UpdateCategory(c echo.Context) error {
	id, err := handlers.PathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.Store.Challenges.CategoryByID(c.Request().Context(), id); err != nil {
		return handlers.HTTPError(err)
	}
	return h.saveCategory(c, id)
}

func (h *Handler) saveCategory(c echo.Context, id int64) error {
	f := CategoryForm{Name: handlers.Form(c, "name"), Slug: handlers.Form(c, "slug"), Description: handlers.Form(c, "description"), Position: handlers.Form(c, "position")}
	v := handlers.NewValidator(c)
	in := challenges.CategoryInput{Name: f.Name, Description: f.Description}
	v.Length("name", f.Name, 1, challenges.CategoryNameMax)
	in.Slug = slug.Slugify(f.Slug, challenges.CategorySlugMax)
	if f.Slug == "" {
		in.Slug = slug.Slugify(f.Name, challenges.CategorySlugMax)
	}
	if in.Slug == "" && f.Name != "" {
		v.Add("slug", "Please choose an address with at least one letter or digit.")
	}
	v.Length("description", f.Description, 0, challenges.CategoryDescriptionMax)
	if pos, err := strconv.Atoi(f.Position); f.Position != "" && (err != nil || pos < 0 || pos > 9999) {
		v.Add("position", "Please enter a whole number from 0 to 9999.")
	} else {
		in.Position = pos
	}
	if v.OK() {
		saved, err := h.Store.Challenges.SaveCategory(c.Request().Context(), handlers.CurrentUser(c), id, in)
		switch {
		case errors.Is(err, store.ErrDuplicate):
			v.Add("slug", "Another category already has the address %s. Please choose another.", in.Slug)
		case err != nil:
			return handlers.HTTPError(err)
		default:
			h.Sessions.Flash(c, handlers.T(c, "The category “%s” is saved.", saved.Name))
			return handlers.Redirect(c, "/admin/categories")
		}
	}
	return h.renderCategories(c, http.StatusUnprocessableEntity, id, f, v.Errors())
}

// renderCategories shows the page; the form of category id (0: the new
// one) shows f and its errors instead of what is stored.
func (h *Handler) renderCategories(c echo.Context, code int, id int64, f CategoryForm, errs handlers.FormErrors) error {
	stats, err := h.Store.Challenges.CategoriesWithCounts(c.Request().Context())
	if err != nil {
		return err
	}
	p := AdminCategoriesPage{Page: h.Page(c, handlers.T(c, "Categories")), New: CategoryForm{Position: "0"}, NewErrors: handlers.FormErrors{}}
	if id == 0 {
		p.New, p.NewErrors = f, errs
	}
	for _, s := range stats {
		row := CategoryRow{CategoryStat: s, Errors: handlers.FormErrors{},
			Form: CategoryForm{Name: s.Name, Slug: s.Slug, Description: s.Description, Position: strconv.Itoa(s.Position)}}
		if s.ID == id {
			row.Form, row.Errors, row.Open = f, errs, true
		}
		p.Rows = append(p.Rows, row)
	}
	return c.Render(code, "admin_categories", p)
}
