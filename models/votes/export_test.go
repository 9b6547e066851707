package votes

import (
	"context"

	"github.com/ideario/ideario/models/store"
)

// BatchVote is one vote of a batch given to ApplyVoteBatch.
type BatchVote struct {
	UserID, IdeaID int64
	Support        bool
}

// ApplyVoteBatch applies votes as one batch of the group-commit writer,
// so that the external tests can put known votes in one transaction; it
// returns each vote's outcome in the order given.
func (s *Store) ApplyVoteBatch(ctx context.Context, votes []BatchVote) ([]VoteResult, []error) {
	requests := make([]*voteRequest, len(votes))
	for i, v := range votes {
		requests[i] = &voteRequest{ctx: ctx, userID: v.UserID, ideaID: v.IdeaID, support: v.Support, applied: make(chan struct{})}
	}
	s.applyVotes(byIdea(append([]*voteRequest(nil), requests...)))
	results, errs := make([]VoteResult, len(votes)), make([]error, len(votes))
	for i, r := range requests {
		results[i], errs[i] = r.res, store.MapErr("vote", r.err)
	}
	return results, errs
}

// PipelinedBatches is how many batches were applied in two round trips
// on PostgreSQL so far.
func PipelinedBatches() int64 { return pipelinedBatches.Load() }
