package handlers

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/slug"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// IdeaForm is what a person writes in the idea form. The pictures sent
// with it are read apart (ideaUploads): a form cannot show them again.
type IdeaForm struct {
	Title, Body, Challenge, Category, Tags string
	Lang                                   string // the language it is written in
	// RemoveImages are the ids of the idea's pictures ticked to remove.
	RemoveImages []int64
}

// Removing tells whether the form asks to remove one of the idea's pictures.
func (f IdeaForm) Removing(id int64) bool { return slices.Contains(f.RemoveImages, id) }

func bindIdeaForm(c echo.Context) IdeaForm {
	f := IdeaForm{
		Title:     Form(c, "title"),
		Body:      Form(c, "body"),
		Challenge: Form(c, "challenge"),
		Category:  Form(c, "category"),
		Tags:      Form(c, "tags"),
		Lang:      Form(c, "lang"),
	}
	if params, err := c.FormParams(); err == nil {
		for _, v := range params["remove_image"] {
			if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 && !f.Removing(id) {
				f.RemoveImages = append(f.RemoveImages, id)
			}
		}
	}
	return f
}

// IdeaFormPage is the data of the new-idea and edit-idea pages.
type IdeaFormPage struct {
	Page
	Form       IdeaForm
	Errors     FormErrors
	Challenges []challenges.Challenge
	Categories []challenges.Category
	Action     string
	Editing    bool
	IdeaURL    string
	// Images are the pictures of the idea being edited.
	Images []ideas.IdeaImage
}

// ImagesMax is how many pictures an idea may have.
func (p *IdeaFormPage) ImagesMax() int { return ideas.IdeaImagesMax }

// ImageMaxMB is how large each picture may be, in megabytes.
func (p *IdeaFormPage) ImageMaxMB() int { return media.MaxBytes >> 20 }

// validate checks the form and resolves its challenge and category.
// When editing, the idea keeps its challenge and only the categories are
// checked against it; the store checks the phase.
func (h *Handler) validateIdea(c echo.Context, f IdeaForm, editing *ideas.IdeaCard) (ideas.IdeaInput, FormErrors, error) {
	ctx := c.Request().Context()
	v := NewValidator(c)
	in := ideas.IdeaInput{Title: f.Title, Body: f.Body, Tags: ideas.ParseTags(f.Tags), Lang: v.language("lang", f.Lang)}
	if editing == nil && in.Lang == "" {
		in.Lang = Locale(c) // a form without the field: the writer's language
	}
	v.Length("title", f.Title, ideas.TitleMin, ideas.TitleMax)
	v.Length("body", f.Body, 1, ideas.BodyMax)
	if tagCount(f.Tags) > ideas.MaxTags {
		v.Add("tags", "Please use at most %d tags.", ideas.MaxTags)
	}
	var challenge *challenges.Challenge
	if editing != nil && editing.ChallengeID != nil {
		ch, err := h.Store.Challenges.ChallengeByID(ctx, *editing.ChallengeID)
		if err != nil {
			return in, nil, err
		}
		challenge = ch
	}
	if f.Challenge != "" && editing == nil {
		ch, err := h.Store.Challenges.ChallengeBySlug(ctx, f.Challenge)
		switch {
		case errors.Is(err, store.ErrNotFound) || (err == nil && !ch.IsPublic(time.Now())):
			v.Add("challenge", "Please choose one of the challenges.")
		case err != nil:
			return in, nil, err
		case !ch.AcceptsIdeas(time.Now()):
			v.Add("challenge", "This challenge no longer takes new ideas.")
		default:
			challenge, in.ChallengeID = ch, &ch.ID
		}
	}
	cats, err := h.Store.Challenges.Categories(ctx)
	if err != nil {
		return in, nil, err
	}
	if challenge != nil && len(challenge.Categories) > 0 {
		cats = challenge.Categories
	}
	for _, cat := range cats {
		if cat.Slug == f.Category {
			in.CategoryID = &cat.ID
		}
	}
	if in.CategoryID == nil && len(cats) > 0 {
		if f.Category == "" {
			v.Add("category", "Please choose a category.")
		} else {
			v.Add("category", "Please choose one of this challenge's categories.")
		}
	}
	keep := 0
	if editing != nil {
		current, err := h.Store.Ideas.IdeaImages(ctx, editing.ID)
		if err != nil {
			return in, nil, err
		}
		for _, img := range current {
			if f.Removing(img.ID) {
				in.RemoveImages = append(in.RemoveImages, img.ID)
			} else {
				keep++
			}
		}
	}
	in.Images = ideaUploads(c, v, keep) // last: it tells whether anything else was wrong
	return in, v.errors, nil
}

// ideaUploads reads and prepares the pictures sent in the "images" field,
// for an idea that keeps keep pictures of its own. Problems go next to
// the field, each file named. Pictures that are fine are still lost when
// anything else is wrong, since browsers cannot refill a file input: the
// message asks for them again.
func ideaUploads(c echo.Context, v *Validator, keep int) []*images.Image {
	files, err := uploads(c, "images")
	if err != nil {
		ImageProblem(v, "images", err)
		return nil
	}
	if len(files) == 0 {
		return nil
	}
	if left := ideas.IdeaImagesMax - keep; len(files) > left {
		if keep == 0 {
			v.Add("images", "Please choose at most %d images.", ideas.IdeaImagesMax)
		} else {
			v.Add("images", "An idea has at most %d images and this one keeps %d: please choose at most %d, or remove some.",
				ideas.IdeaImagesMax, keep, max(left, 0))
		}
		return nil
	}
	var imgs []*images.Image
	var problems []string
	for _, f := range files {
		var pic *media.Picture
		err := f.err
		if err == nil {
			pic, err = media.Prepare(f.raw)
		}
		if err != nil {
			problems = append(problems, imageMessage(c, f.name, err))
			continue
		}
		imgs = append(imgs, images.ImageOf(pic))
	}
	switch {
	case len(problems) > 0:
		if len(imgs) > 0 {
			problems = append(problems, T(c, "The other images were not saved: please choose them again."))
		}
		v.Add("images", "%s", strings.Join(problems, " "))
		return nil
	case !v.OK():
		v.Add("images", "The images were not saved because of the other mistakes: please choose them again.")
		return nil
	}
	return imgs
}

func (h *Handler) ideaFormPage(c echo.Context, title string, f IdeaForm) (*IdeaFormPage, error) {
	ctx := c.Request().Context()
	p := &IdeaFormPage{Page: h.Page(c, title), Form: f, Errors: FormErrors{}, Action: "/ideas"}
	all, err := h.Store.Challenges.List(ctx)
	if err == nil {
		all, err = h.localizeChallenges(c, all)
	}
	if err != nil {
		return nil, err
	}
	for _, ch := range all {
		if ch.AcceptsIdeas(time.Now()) {
			p.Challenges = append(p.Challenges, ch)
		}
	}
	if p.Categories, err = h.Store.Challenges.Categories(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

func (h *Handler) renderIdeaForm(c echo.Context, code int, title string, f IdeaForm, errs FormErrors, idea *ideas.Idea) error {
	p, err := h.ideaFormPage(c, title, f)
	if err != nil {
		return err
	}
	p.Errors = errs
	if WantsJSON(c) {
		return c.JSON(code, map[string]any{"errors": errs})
	}
	if idea != nil {
		if err := h.editForm(c, p, idea.ID, idea.Slug); err != nil {
			return err
		}
	}
	return c.Render(code, "idea_form", p)
}

// tagCount counts the distinct tags typed. ParseTags keeps only the first
// MaxTags, so the form is checked on what the person wrote.
func tagCount(s string) int {
	seen := map[string]bool{}
	for _, t := range strings.Split(s, ",") {
		if slug := slug.Slugify(t, ideas.TagMax); slug != "" {
			seen[slug] = true
		}
	}
	return len(seen)
}
