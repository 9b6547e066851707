package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ideario/ideario/testutil"
)

// TestGracefulShutdown stops the real server with SIGTERM, as a service
// manager or a deploy does, in the middle of traffic: the request it is
// reading when the signal comes is finished and answered, the process
// ends with status 0, and nothing is half-written: every acknowledged
// vote and comment is there after a restart, every counter equals a
// recount and the file is sound.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("the shutdown test builds the binary and runs it under load (15 s); skipped with -short")
	}
	bin := buildIdeario(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			shutdownTest(t, bin, testutil.DBURL(t, engine))
		})
	}
}

func shutdownTest(t *testing.T, bin, db string) {
	runIdeario(t, bin, "seed", "--synthetic", "--users", "50", "--ideas", "40", "--votes", "300",
		"--comments", "100", "--seed", "7", "--db", db)
	ideas, people := crashTargets(t, db)
	addr, logPath := freeLoopbackAddr(t), filepath.Join(t.TempDir(), "server.log")
	transport := &http.Transport{MaxIdleConnsPerHost: crashVoters}
	defer transport.CloseIdleConnections()
	srv := startServe(t, bin, db, addr, logPath)
	run := "shutdown" + strconv.FormatInt(time.Now().UnixNano(), 36)
	voters := signIn(t, "http://"+addr, run, people, transport, uint64(time.Now().UnixNano()))
	slow, crowd := voters[0], voters[1:]

	// One comment whose body is half sent when the signal comes.
	body := fmt.Sprintf("crash %s sent across the shutdown", run) // "crash RUN " marks the run's comments for lostWrites
	pending := startSlowPost(t, addr, slow, fmt.Sprintf("/ideas/%d/comments", ideas[0]), url.Values{"_csrf": {slow.token}, "body": {body}})
	slow.sent = append(slow.sent, body)

	var stopping atomic.Bool
	var wg sync.WaitGroup
	for _, v := range crowd {
		wg.Go(func() { v.act(ideas, 1, &stopping) })
	}
	time.Sleep(1500 * time.Millisecond)
	stopping.Store(true) // from now on, a request may find the server gone
	if err := syscall.Kill(srv.cmd.Process.Pid, syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	time.Sleep(300 * time.Millisecond) // the server is closing now
	select {
	case <-srv.done:
		t.Fatalf("the server exited with a request in the middle of being read (%v)", srv.err)
	default:
	}
	resp := pending.finish(t)
	if resp.StatusCode != http.StatusSeeOther || !commentAnchor.MatchString(resp.Header.Get("Location")) {
		t.Fatalf("the request in flight at SIGTERM got %d, Location %q; want 303 to the new comment", resp.StatusCode, resp.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(commentAnchor.FindStringSubmatch(resp.Header.Get("Location"))[1], 10, 64)
	slow.comments = append(slow.comments, ackedComment{id: id, ideaID: ideas[0], authorID: slow.userID, body: body})

	wg.Wait()
	select {
	case <-srv.done:
	case <-time.After(25 * time.Second):
		t.Fatal("the server did not stop within 25 s of SIGTERM")
	}
	if srv.err != nil {
		t.Errorf("after SIGTERM the server exited with %v, want status 0:\n%s", srv.err, logTail(logPath, 20))
	}
	var acked, cut int
	for _, v := range crowd {
		for _, p := range v.problems {
			t.Errorf("before SIGTERM: %s", p)
		}
		acked += v.stats.votes + v.stats.comments
		cut += v.stats.inFlight
	}
	if acked == 0 {
		t.Fatal("no write was acknowledged: the load did not run")
	}

	srv = startServe(t, bin, db, addr, logPath)
	defer srv.stop()
	if lost := checkAfterCrash(t, bin, db, collectLedger(voters, ideas), run); len(lost) > 0 {
		t.Errorf("%d acknowledged writes lost across a graceful shutdown", len(lost))
	}
	t.Logf("SIGTERM after 1.5 s of load: %d writes acknowledged, %d requests found the server closing, the half-sent comment stored as %d",
		acked, cut, id)
}

// slowPost is a form post sent in two halves over a connection of its
// own: the server has read its headers and waits for the rest.
type slowPost struct {
	conn net.Conn
	rest string
}

func startSlowPost(t *testing.T, addr string, v *voter, path string, form url.Values) *slowPost {
	t.Helper()
	u, err := url.Parse(v.base + path)
	if err != nil {
		t.Fatal(err)
	}
	var cookies []string
	for _, c := range v.client.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	encoded := form.Encode()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\nCookie: %s\r\nConnection: close\r\n\r\n", path, addr, len(encoded), strings.Join(cookies, "; "))
	half := len(encoded) / 2
	if _, err := conn.Write([]byte(head + encoded[:half])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let the server start on it
	return &slowPost{conn: conn, rest: encoded[half:]}
}

// finish sends the rest of the body and reads the answer.
func (p *slowPost) finish(t *testing.T) *http.Response {
	t.Helper()
	if _, err := p.conn.Write([]byte(p.rest)); err != nil {
		t.Fatalf("sending the rest of the request: %v", err)
	}
	if err := p.conn.SetReadDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(p.conn), nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight at SIGTERM: %v", err)
	}
	_ = resp.Body.Close()
	return resp
}
