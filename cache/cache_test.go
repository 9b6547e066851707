package cache

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestGetKeepsAndShares(t *testing.T) {
	m := New[string, int](Options{MaxBytes: 100, TTL: time.Minute})
	var loads atomic.Int32
	release := make(chan struct{})
	load := func() (int, int, error) {
		loads.Add(1)
		<-release
		return 42, 10, nil
	}
	var wg sync.WaitGroup
	got := make([]int, 8)
	for i := range got {
		wg.Go(func() {
			v, err := m.Get("answer", load)
			if err != nil {
				t.Errorf("get: %v", err)
			}
			got[i] = v
		})
	}
	for m.waiting("answer") < 1 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	for i, v := range got {
		if v != 42 {
			t.Errorf("request %d got %d, want 42", i, v)
		}
	}
	// The first request loads; the others either waited for it or came
	// after it was kept: none loads again.
	if n := loads.Load(); n != 1 {
		t.Errorf("loaded %d times, want once", n)
	}
	if v, ok := m.Peek("answer"); !ok || v != 42 {
		t.Errorf("peek = %d, %v; want 42 kept", v, ok)
	}
}

func TestInvalidateDuringLoadKeepsNothing(t *testing.T) {
	m := New[string, string](Options{MaxBytes: 100, TTL: time.Minute})
	v, err := m.Get("page", func() (string, int, error) {
		m.Invalidate() // the data changed while the value was computed
		return "stale", 5, nil
	})
	if err != nil || v != "stale" {
		t.Fatalf("get = %q, %v", v, err)
	}
	if _, ok := m.Peek("page"); ok {
		t.Error("a value computed before a change was kept after it")
	}
	if m.Put("page", "old", 3, m.Generation()-1) {
		t.Error("Put kept a value of an older generation")
	}
}

func TestBudgetDropsLeastRecentlyUsed(t *testing.T) {
	m := New[string, string](Options{MaxBytes: 10, MaxEntry: 6, TTL: time.Minute})
	gen := m.Generation()
	m.Put("a", "a", 4, gen)
	m.Put("b", "b", 4, gen)
	m.Peek("a") // a is now the most recently used
	m.Put("c", "c", 4, gen)
	if _, ok := m.Peek("b"); ok {
		t.Error("b, the least recently used, was kept past the budget")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := m.Peek(k); !ok {
			t.Errorf("%s was dropped", k)
		}
	}
	if m.Put("d", "d", 7, gen) {
		t.Error("a value over MaxEntry was kept")
	}
	if values, bytes := m.Len(); values != 2 || bytes != 8 {
		t.Errorf("len = %d values, %d bytes; want 2, 8", values, bytes)
	}
}

func TestLifetime(t *testing.T) {
	now := time.Now()
	m := New[string, int](Options{TTL: time.Minute, Clock: func() time.Time { return now }})
	m.Put("k", 1, 0, m.Generation())
	now = now.Add(59 * time.Second)
	if _, ok := m.Peek("k"); !ok {
		t.Error("dropped before its lifetime")
	}
	now = now.Add(2 * time.Second)
	if _, ok := m.Peek("k"); ok {
		t.Error("kept after its lifetime")
	}
}

func TestNegativeSizeAndErrorsAreNotKept(t *testing.T) {
	m := New[string, string](Options{TTL: time.Minute})
	if v, err := m.Get("k", func() (string, int, error) { return "once", -1, nil }); err != nil || v != "once" {
		t.Fatalf("get = %q, %v", v, err)
	}
	if _, ok := m.Peek("k"); ok {
		t.Error("a value of negative size was kept")
	}
	boom := errors.New("boom")
	if _, err := m.Get("k", func() (string, int, error) { return "", 1, boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if _, ok := m.Peek("k"); ok {
		t.Error("a failed load was kept")
	}
}

// When the request computing a value goes away, those waiting for it
// compute it themselves instead of failing.
func TestWaitersOutliveACanceledLoad(t *testing.T) {
	m := New[string, string](Options{TTL: time.Minute})
	started, release := make(chan struct{}), make(chan struct{})
	go func() {
		_, _ = m.Get("k", func() (string, int, error) {
			close(started)
			<-release
			return "", 0, context.Canceled
		})
	}()
	<-started
	done := make(chan string)
	go func() {
		v, err := m.Get("k", func() (string, int, error) { return "mine", 4, nil })
		if err != nil {
			t.Errorf("waiter: %v", err)
		}
		done <- v
	}()
	for m.waiting("k") < 1 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if v := <-done; v != "mine" {
		t.Errorf("waiter got %q, want its own value", v)
	}
}

// TestGroupDropsWhatDependsOnAChange adds three caches to a group, each
// depending on other data, and changes some of the data.
func TestGroupDropsWhatDependsOnAChange(t *testing.T) {
	const ideas, votes, site = 1, 2, 4
	var g Group
	opt := Options{TTL: time.Minute}
	lists, pages, figures := New[string, int](opt), New[string, int](opt), New[string, int](opt)
	g.Add("lists", site|ideas, lists)
	g.Add("pages", ideas|votes|site, pages)
	g.Add("figures", 0, figures)
	fill := func() {
		for _, m := range []*Map[string, int]{lists, pages, figures} {
			m.Put("k", 1, 1, m.Generation())
		}
	}
	kept := func() (out []bool) {
		for _, m := range []*Map[string, int]{lists, pages, figures} {
			_, ok := m.Peek("k")
			out = append(out, ok)
		}
		return out
	}
	for _, c := range []struct {
		changed uint64
		want    []bool // lists, pages, figures still kept
	}{
		{votes, []bool{true, false, true}},
		{ideas, []bool{false, false, true}},
		{site | votes, []bool{false, false, true}},
		{0, []bool{true, true, true}},
	} {
		fill()
		g.Changed(c.changed, nil)
		if got := kept(); !slices.Equal(got, c.want) {
			t.Errorf("after change %b: kept %v, want %v", c.changed, got, c.want)
		}
	}
	sizes := g.Sizes()
	if len(sizes) != 3 || sizes[1].Name != "pages" || sizes[1].Values != 1 || sizes[2].On != 0 {
		t.Errorf("sizes %+v", sizes)
	}
}

// TestLookupInTwoSteps computes a missing value outside the cache while
// other requests wait for it, and gives up on another.
func TestLookupInTwoSteps(t *testing.T) {
	m := New[string, int](Options{TTL: time.Minute})
	_, p, err := m.Lookup("k")
	if p == nil || err != nil {
		t.Fatalf("a missing value: pending %v, err %v", p, err)
	}
	got := make(chan int, 1)
	go func() {
		v, p, _ := m.Lookup("k")
		if p != nil {
			v = -1 // it should have waited for the first request's value
			p.Abandon()
		}
		got <- v
	}()
	time.Sleep(20 * time.Millisecond)
	if !p.Finish(42, 1, nil) {
		t.Error("the value was not kept")
	}
	if v := <-got; v != 42 {
		t.Errorf("the waiting request got %d, want 42", v)
	}
	if v, p, _ := m.Lookup("k"); p != nil || v != 42 {
		t.Errorf("then Lookup gave %d, pending %v", v, p)
	}
	_, p, _ = m.Lookup("gone")
	p.Abandon()
	if _, p, _ := m.Lookup("gone"); p == nil {
		t.Error("an abandoned value was kept")
	}
}

// TestStaleWhileComputing ages a value past its lifetime: it is still
// served at once while one computation in the background replaces it;
// past its stale time, or after a change, it is computed again before
// it is served.
func TestStaleWhileComputing(t *testing.T) {
	now := time.Unix(1000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	m := New[string, int](Options{TTL: time.Minute, Stale: time.Minute, Clock: clock})
	var loads atomic.Int32
	release := make(chan struct{})
	load := func() (int, int, error) {
		n := loads.Add(1)
		if n > 1 {
			<-release // the background computation takes its time
		}
		return int(n), 1, nil
	}
	if v, err := m.Get("k", load); v != 1 || err != nil {
		t.Fatalf("first Get: %d, %v", v, err)
	}
	advance(90 * time.Second)
	for range 5 {
		if v, err := m.Get("k", load); v != 1 || err != nil {
			t.Fatalf("an aged value: %d, %v; want the old one at once", v, err)
		}
	}
	if _, fresh, ok := m.PeekStale("k"); !ok || fresh {
		t.Errorf("PeekStale: fresh %v, kept %v; want an aged value", fresh, ok)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if v, ok := m.Peek("k"); ok && v == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background computation never replaced the aged value")
		}
		time.Sleep(time.Millisecond)
	}
	if n := loads.Load(); n != 2 {
		t.Errorf("%d computations, want 2: five requests for an aged value start one", n)
	}
	advance(150 * time.Second) // past the lifetime and the stale time
	if v, _ := m.Get("k", load); v != 3 {
		t.Errorf("a value too old: got %d, want one computed before it is served", v)
	}
	advance(90 * time.Second)
	m.Invalidate()
	if _, _, ok := m.PeekStale("k"); ok {
		t.Error("a change left an aged value to be served")
	}
}

// TestGroupCoalescesLaggingChanges sends a burst of votes, each naming
// its idea, to a cache that lags on votes: the first ages it at once, the
// rest once at the end of the lag; any other change empties it at once.
func TestGroupCoalescesLaggingChanges(t *testing.T) {
	const votes, ideas = 1, 2
	var g Group
	m := New[string, int](Options{TTL: time.Hour})
	g.AddRule("pages", Rule{On: votes | ideas, Lagging: votes, Every: 100 * time.Millisecond}, m)
	keep := func() { m.Put("k", 1, 1, m.Generation()) }
	fresh := func() bool { _, ok := m.Peek("k"); return ok }
	aged := func() bool { _, fresh, ok := m.PeekStale("k"); return ok && !fresh }
	keep()
	g.Changed(votes, []int64{1})
	if !aged() {
		t.Fatal("the first vote did not age the cache at once")
	}
	keep()
	for range 50 {
		g.Changed(votes, []int64{1})
	}
	if !fresh() {
		t.Fatal("a burst of votes aged the cache before the end of the lag")
	}
	time.Sleep(150 * time.Millisecond)
	if !aged() {
		t.Fatal("the burst never aged the cache")
	}
	time.Sleep(150 * time.Millisecond)
	if _, _, ok := m.PeekStale("k"); ok {
		t.Fatal("an aged value was still served past the lag")
	}
	keep()
	g.Changed(ideas, nil)
	if _, _, ok := m.PeekStale("k"); ok {
		t.Fatal("another kind of change waited for the lag")
	}
	gen := m.Generation()
	g.Changed(votes, []int64{1}) // just after an emptying: it waits
	time.Sleep(200 * time.Millisecond)
	if m.Generation() != gen+1 {
		t.Errorf("a vote after an emptying: %d changes, want 1", m.Generation()-gen)
	}
}
