package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeSaysWhereItListens: without IDEARIO_BASE_URL, the start-up
// line and the pages' links name the address given with --addr.
func TestServeSaysWhereItListens(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // only a free port was wanted
	env := map[string]string{"IDEARIO_DB": "sqlite:" + filepath.Join(t.TempDir(), "serve.db")}
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr}, out, io.Discard, func(k string) string { return env[k] })
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	want := fmt.Sprintf("Ideario is listening on %s (open http://%s)", addr, addr)
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the start-up output %q lacks %q", out.String(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Get("http://" + addr + "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !strings.Contains(string(body), "http://"+addr+"/") {
		t.Errorf("the feed's links do not name %s:\n%s", addr, body)
	}
}
