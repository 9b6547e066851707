package store

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A notice tells the other instances, in a NOTIFY's payload after the
// sender, what changed: the bits of a Change, then, when the changes it
// gathers concern a few ideas alone, a colon and their ids separated by
// commas ("4:17,230"). PostgreSQL takes payloads of up to 8,000 bytes;
// past maxNoticeIdeas, a notice concerns any idea.
const maxNoticeIdeas = 400

// unsent gathers the changes that the next notice tells of.
type unsent struct {
	mu      sync.Mutex
	what    Change
	ideas   []int64
	anyIdea bool
}

// add gathers a change; ideas nil concerns any idea.
func (u *unsent) add(what Change, ideas []int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.what |= what
	if ideas == nil || len(u.ideas)+len(ideas) > maxNoticeIdeas {
		u.anyIdea, u.ideas = true, nil
	} else if !u.anyIdea {
		u.ideas = append(u.ideas, ideas...)
	}
}

// take is the payload of a notice of the changes gathered, which it
// forgets.
func (u *unsent) take() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	notice := strconv.Itoa(int(u.what))
	if !u.anyIdea && u.what&^Narrow == 0 && len(u.ideas) > 0 {
		slices.Sort(u.ideas)
		ids := make([]string, 0, len(u.ideas))
		for _, id := range slices.Compact(u.ideas) {
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		notice += ":" + strings.Join(ids, ",")
	}
	u.what, u.ideas, u.anyIdea = 0, nil, false
	return notice
}

// parseNotice reads a notice's payload after its sender. One that it
// does not understand (an older instance's, a damaged one) changed
// everything.
func parseNotice(notice string) (Change, []int64) {
	bits, list, narrow := strings.Cut(notice, ":")
	v, err := strconv.ParseUint(bits, 10, 64)
	if err != nil || v == 0 || v&^uint64(All) != 0 {
		return All, nil
	}
	var what Change
	for _, kind := range []Change{Ideas, Comments, Votes, People, Site} {
		if v&uint64(kind) != 0 {
			what |= kind
		}
	}
	if !narrow || what&^Narrow != 0 {
		return what, nil
	}
	var ideas []int64
	for _, s := range strings.Split(list, ",") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return what, nil
		}
		ideas = append(ideas, id)
	}
	return what, ideas
}
