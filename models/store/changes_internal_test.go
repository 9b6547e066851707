package store

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCoalescer holds a send under way while many requests come, and
// checks that they are served by exactly one more send, which starts after
// the last of them, and that two sends never overlap.
func TestCoalescer(t *testing.T) {
	var (
		sends, running, overlaps atomic.Int64
		lastRequest, lastStart   atomic.Int64 // order stamps
		clock                    atomic.Int64
	)
	started, release := make(chan struct{}), make(chan struct{})
	c := newCoalescer(func() {
		if running.Add(1) > 1 {
			overlaps.Add(1)
		}
		lastStart.Store(clock.Add(1))
		sends.Add(1)
		started <- struct{}{}
		<-release
		running.Add(-1)
	})
	request := func() {
		lastRequest.Store(clock.Add(1))
		c.request()
	}
	awaitSend := func(what string) {
		t.Helper()
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no send after 10s", what)
		}
	}

	request()
	awaitSend("the first request") // and the send stays under way
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(request)
	}
	wg.Wait()
	if got := sends.Load(); got != 1 {
		t.Fatalf("sends while the first is under way = %d, want 1", got)
	}
	release <- struct{}{}
	awaitSend("the requests that came during the first send")
	if lastStart.Load() < lastRequest.Load() {
		t.Errorf("the second send started before the last request")
	}
	release <- struct{}{}
	c.wait()

	request()
	awaitSend("a request after a quiet time")
	release <- struct{}{}
	c.wait()

	if got := sends.Load(); got != 3 {
		t.Errorf("sends = %d, want 3: one, one for the 100 requests that waited, one", got)
	}
	if got := overlaps.Load(); got != 0 {
		t.Errorf("sends that overlapped another = %d, want 0", got)
	}
	select {
	case <-started:
		t.Errorf("a send without a request")
	case <-time.After(50 * time.Millisecond):
	}
}
