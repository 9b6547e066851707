package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// ChallengesPage is the data of the list of challenges.
type ChallengesPage struct {
	Page
	Challenges []challenges.Challenge
	Now        time.Time
}

// ListChallenges shows every public challenge.
func (h *Handler) ListChallenges(c echo.Context) error {
	all, err := h.Store.Challenges.List(c.Request().Context())
	if err == nil {
		all, err = h.localizeChallenges(c, all)
	}
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "challenges", ChallengesPage{Page: h.Page(c, T(c, "Challenges")), Challenges: all, Now: time.Now()})
}

// ChallengePage is the data of one challenge's page.
type ChallengePage struct {
	Page
	Challenge *challenges.Challenge
	Phase     string
	Query     ideas.ListQuery
	List      *ideas.IdeaPage
	Voted     map[int64]bool
	VotesLeft int
	Following bool // the reader follows the challenge
	Sorts     []string
	Timeline  []PhaseStep
}

// PhaseStep is one phase on a challenge's timeline.
type PhaseStep struct {
	Phase   string
	At      *time.Time
	Current bool
	Done    bool
}

// challengeOfPath is the challenge the path's slug names, when the
// reader may see it (a draft is the moderators'); otherwise a 404.
func (h *Handler) challengeOfPath(c echo.Context) (*challenges.Challenge, error) {
	ch, err := h.Store.Challenges.ChallengeBySlug(c.Request().Context(), c.Param("slug"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !ch.IsPublic(time.Now()) && !CurrentUser(c).IsModerator()) {
		return nil, echo.NewHTTPError(http.StatusNotFound)
	}
	return ch, err
}

// ShowChallenge shows a challenge with its phase, dates and ideas.
func (h *Handler) ShowChallenge(c echo.Context) error {
	ctx := c.Request().Context()
	ch, err := h.challengeOfPath(c)
	if err != nil {
		return err
	}
	q := bindListQuery(c)
	if ch, err = h.localizeChallenge(c, ch); err != nil {
		return err
	}
	q.Challenge = ch.Slug
	list, err := h.listIdeas(c, q)
	if err != nil {
		return err
	}
	p := ChallengePage{Page: h.Page(c, ch.Title), Challenge: ch, Phase: ch.CurrentPhase(time.Now()),
		Query: q, List: list, VotesLeft: -1, Sorts: ideas.Sorts, Timeline: timeline(ch)}
	p.Description = ch.Title
	if p.Voted, err = h.votedOn(c, list.Ideas); err != nil {
		return err
	}
	if u := CurrentUser(c); u != nil {
		if p.VotesLeft, err = h.Store.Votes.VotesLeft(ctx, u.ID, ch); err != nil {
			return err
		}
		if p.Following, err = h.Store.Challenges.Follows(ctx, u.ID, ch.ID); err != nil {
			return err
		}
	}
	return c.Render(http.StatusOK, "challenge", p)
}

func timeline(ch *challenges.Challenge) []PhaseStep {
	current := ch.CurrentPhase(time.Now())
	steps := []PhaseStep{
		{Phase: challenges.PhaseIdeation, At: ch.IdeationAt},
		{Phase: challenges.PhaseVoting, At: ch.VotingAt},
		{Phase: challenges.PhaseReview, At: ch.ReviewAt},
		{Phase: challenges.PhaseResults, At: ch.ResultsAt},
	}
	done := true
	for i := range steps {
		if steps[i].Phase == current {
			steps[i].Current, done = true, false
			continue
		}
		steps[i].Done = done && current != challenges.PhaseDraft
	}
	return steps
}
