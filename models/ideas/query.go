package ideas

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/store"
)

// ListQuery is the idea list's query, as its address (SPEC) names it: the
// public list, the API, the feeds and the sponsors' reports read ideas
// through it. Resolve turns it into an IdeaFilter.
type ListQuery struct {
	Sort      string
	Challenge string
	Category  string
	Status    string
	Tag       string
	Lang      string // the language ideas are written in
	Q         string
	Page      int
	From, To  string
}

// URL is the list's address with some parameters changed, for links to
// other sorts, filters and pages.
func (q ListQuery) URL(changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("sort", q.Sort)
	set("challenge", q.Challenge)
	set("category", q.Category)
	set("status", q.Status)
	set("tag", q.Tag)
	set("lang", q.Lang)
	set("q", q.Q)
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	for i := 0; i+1 < len(changes); i += 2 {
		v.Del(changes[i])
		set(changes[i], changes[i+1])
		if changes[i] != "page" {
			v.Del("page") // a new sort or filter starts again at page 1
		}
	}
	// The default sort goes without saying, and a sort the new search
	// does not offer (relevance, once q is gone) gives way to the default.
	if s := v.Get("sort"); s == ListSort("", v.Get("q")) || s != ListSort(s, v.Get("q")) {
		v.Del("sort")
	}
	if len(v) == 0 {
		return "/ideas"
	}
	return "/ideas?" + v.Encode()
}

// Filtered tells whether the list is narrowed by a search or a filter,
// rather than showing every idea.
func (q ListQuery) Filtered() bool {
	return q.Q != "" || q.Challenge != "" || q.Category != "" || q.Status != "" || q.Tag != "" || q.Lang != "" ||
		q.From != "" || q.To != ""
}

// PageURL is the address of another page of the same list.
func (q ListQuery) PageURL(page int) string { return q.URL("page", strconv.Itoa(page)) }

// Key names everything that changes what the list shows, for the part of
// the page its readers share.
func (q ListQuery) Key() string { return q.URL() + "\x00" + q.From + "\x00" + q.To }

// ErrUnknownFilter means a filter names a challenge, category or tag that
// does not exist: the list is then empty, not an error.
var ErrUnknownFilter = errors.New("unknown filter")

// Resolve turns a list query's slugs into a filter; a slug that names
// nothing gives ErrUnknownFilter. Dates that do not parse are left out.
func (s *Store) Resolve(ctx context.Context, q ListQuery) (IdeaFilter, error) {
	named := challenges.Of(s.Store)
	f := IdeaFilter{Sort: q.Sort, Status: q.Status, Lang: q.Lang, Query: q.Q, Page: q.Page}
	if q.Challenge != "" {
		ch, err := named.ChallengeBySlug(ctx, q.Challenge)
		if err != nil {
			return f, unknownAsEmpty(err)
		}
		f.ChallengeID = ch.ID
	}
	if q.Category != "" {
		cat, err := named.CategoryBySlug(ctx, q.Category)
		if err != nil {
			return f, unknownAsEmpty(err)
		}
		f.CategoryID = cat.ID
	}
	if q.Tag != "" {
		tag, err := named.TagBySlug(ctx, q.Tag)
		if err != nil {
			return f, unknownAsEmpty(err)
		}
		f.TagID = tag.ID
	}
	if d, err := time.Parse(time.DateOnly, q.From); err == nil {
		f.From = d
	}
	if d, err := time.Parse(time.DateOnly, q.To); err == nil {
		f.To = d.AddDate(0, 0, 1) // "to" includes the whole day
	}
	return f, nil
}

func unknownAsEmpty(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return ErrUnknownFilter
	}
	return err
}
