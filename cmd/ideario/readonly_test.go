package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that a server goroutine writes while the
// test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServeReadOnlyDatabase starts `ideario serve` on a database that
// takes no writes: with its schema current, it serves pages rather than
// stopping at the migration, which would have to write.
func TestServeReadOnlyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	if out, err := cli(t, "sqlite:"+path, "seed", "--demo"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	addr := freeLoopbackAddr(t)

	ctx, cancel := context.WithCancel(context.Background())
	var out lockedBuffer
	done := make(chan error, 1)
	env := map[string]string{"IDEARIO_DB": "sqlite:" + path + "?_query_only=true"}
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr}, &out, &out, func(k string) string { return env[k] })
	}()
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve stopped: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no /healthz after 30 s\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, p := range []string{"/", "/ideas", "/login"} {
		res, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	if !strings.Contains(out.String(), "serving it read-only") {
		t.Errorf("serve did not say that the database is read-only:\n%s", out.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
