package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/ideario/ideario/models"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// voteRun is the vote scenario: each voter (one per connection) toggles
// its support of random ideas of the pool, and a ledger keeps what every
// acknowledged answer said, to check afterwards that no vote was lost.
type voteRun struct {
	base   string
	voters []session
	pool   []int64
	free   chan int // voters with no request in flight

	mu        sync.Mutex
	initial   []map[int64]bool // per voter: the database before the run
	acked     []map[int64]bool // per voter: the last acknowledged state
	uncertain []map[int64]bool // per voter: pairs whose last request got no answer
	wrong     int              // answers that contradict their request
	acks      int
	before    map[int64]int // vote counts before the run
}

// newVoteRun reads the voters' votes on the pool and the pool's counters
// as they are before the run.
func newVoteRun(ctx context.Context, store *models.Store, base string, voters []session, pool []int64) (*voteRun, error) {
	v := &voteRun{base: base, voters: voters, pool: pool, free: make(chan int, len(voters)), before: map[int64]int{}}
	for i, s := range voters {
		voted, err := store.Votes.VotedIdeas(ctx, s.id, pool)
		if err != nil {
			return nil, fmt.Errorf("votes of %s: %w", s.email, err)
		}
		v.initial = append(v.initial, voted)
		v.acked = append(v.acked, map[int64]bool{})
		v.uncertain = append(v.uncertain, map[int64]bool{})
		v.free <- i
	}
	var err error
	v.before, err = voteCounts(ctx, store, pool)
	return v, err
}

func voteCounts(ctx context.Context, store *models.Store, ids []int64) (map[int64]int, error) {
	counts := make(map[int64]int, len(ids))
	for _, id := range ids {
		idea, err := store.Ideas.IdeaByID(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("idea %d: %w", id, err)
		}
		counts[id] = idea.VoteCount
	}
	return counts, nil
}

// expected is what the voter's support of the idea should be now.
func (v *voteRun) expected(voter int, idea int64) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if state, ok := v.acked[voter][idea]; ok {
		return state
	}
	return v.initial[voter][idea]
}

// targeter takes a voter with nothing in flight, so that each voter's
// requests are answered in the order they were sent, and asks for the
// opposite of the idea's current state. The voter's index rides in the
// query string (the server ignores it) so that its answer finds its way
// back to the ledger.
func (v *voteRun) targeter() vegeta.Targeter {
	return func(t *vegeta.Target) error {
		voter := <-v.free
		idea := v.pool[rand.IntN(len(v.pool))]
		action := "vote"
		if v.expected(voter, idea) {
			action = "unvote"
		}
		s := v.voters[voter]
		*t = vegeta.Target{Method: http.MethodPost,
			URL:    fmt.Sprintf("%s/ideas/%d/%s?voter=%d", v.base, idea, action, voter),
			Header: http.Header{"Cookie": {s.cookie}, "X-Csrf-Token": {s.csrf}, "Accept": {"application/json"}}}
		return nil
	}
}

// voteAnswer is the JSON answer of a vote or an unvote.
type voteAnswer struct {
	Voted bool `json:"voted"`
	Votes int  `json:"votes"`
}

// record files one answer in the ledger and frees its voter.
func (v *voteRun) record(res *vegeta.Result) {
	voter, idea, action, err := parseVoteURL(res.URL)
	if err != nil {
		return // not a URL this targeter made; nothing to free
	}
	defer func() { v.free <- voter }()
	v.mu.Lock()
	defer v.mu.Unlock()
	var answer voteAnswer
	if res.Error != "" || res.Code != http.StatusOK || json.Unmarshal(res.Body, &answer) != nil {
		v.uncertain[voter][idea] = true
		return
	}
	if answer.Voted != (action == "vote") || answer.Votes < 0 {
		v.wrong++
	}
	v.acks++
	v.acked[voter][idea] = answer.Voted
	delete(v.uncertain[voter], idea)
}

// parseVoteURL reads back the voter, idea and action of a vote URL.
func parseVoteURL(raw string) (voter int, idea int64, action string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return 0, 0, "", err
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 3 || parts[0] != "ideas" || (parts[2] != "vote" && parts[2] != "unvote") {
		return 0, 0, "", fmt.Errorf("not a vote URL: %s", raw)
	}
	if idea, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
		return 0, 0, "", err
	}
	if voter, err = strconv.Atoi(u.Query().Get("voter")); err != nil {
		return 0, 0, "", err
	}
	return voter, idea, parts[2], nil
}

// voteCheck is the verdict on the votes after the run.
type voteCheck struct {
	acks      int // acknowledged answers
	wrong     int // answers that said the opposite of their request
	lost      int // acknowledged states the database does not hold
	uncertain int // pairs whose last request got no answer
	ideas     int // ideas whose counters were checked
	badCounts int // counters that differ from the votes stored
}

func (c voteCheck) ok() bool { return c.wrong == 0 && c.lost == 0 && c.badCounts == 0 }

func (c voteCheck) String() string {
	return fmt.Sprintf("vote POSTs (warm-up included): %d acknowledged, %d lost, %d answered wrongly, %d left without an answer; "+
		"vote counters exact on %d of %d ideas", c.acks, c.lost, c.wrong, c.uncertain, c.ideas-c.badCounts, c.ideas)
}

// verify compares the ledger with the database: every acknowledged vote
// or unvote must be there, and every idea's counter must equal its count
// before the run plus the votes the voters added and withdrew.
func (v *voteRun) verify(ctx context.Context, store *models.Store) (voteCheck, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	check := voteCheck{acks: v.acks, wrong: v.wrong, ideas: len(v.pool)}
	delta := map[int64]int{}
	for i, s := range v.voters {
		now, err := store.Votes.VotedIdeas(ctx, s.id, v.pool)
		if err != nil {
			return check, fmt.Errorf("votes of %s: %w", s.email, err)
		}
		for idea, state := range v.acked[i] {
			if !v.uncertain[i][idea] && now[idea] != state {
				check.lost++
			}
		}
		check.uncertain += len(v.uncertain[i])
		for _, idea := range v.pool {
			delta[idea] += b2i(now[idea]) - b2i(v.initial[i][idea])
		}
	}
	after, err := voteCounts(ctx, store, v.pool)
	if err != nil {
		return check, err
	}
	for _, idea := range v.pool {
		if after[idea] != v.before[idea]+delta[idea] {
			check.badCounts++
		}
	}
	return check, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
