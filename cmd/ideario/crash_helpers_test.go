package main

// The crash test's tools: the real binary run as a process of its own, and
// voters that use the site over HTTP as a browser does, each remembering
// what the site acknowledged.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// buildIdeario compiles this package into a binary with the test's own
// environment (GOFLAGS, CGO_ENABLED), so that the server runs as it does
// in production; Go's build cache makes it quick after the first time.
func buildIdeario(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ideario")
	start := time.Now()
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil { //nolint:gosec // G204: builds the test's own package into its temp folder
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built the ideario binary in %s", time.Since(start).Round(10*time.Millisecond))
	return bin
}

// binaryEnv is the environment of the binary: the test's, without the
// developer's own IDEARIO_ settings, and with rate limits off, since the
// test's voters are many and quick on purpose.
func binaryEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "IDEARIO_") {
			env = append(env, kv)
		}
	}
	return append(append(env, "IDEARIO_RATE_LIMITS=off"), extra...)
}

// runIdeario runs one command of the binary to its end and returns its output.
func runIdeario(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...) //nolint:gosec // G204: the binary this test built
	cmd.Env = binaryEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ideario %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// freeLoopbackAddr is a loopback address with a port nobody listens on.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer func() { _ = l.Close() }() // only held to learn a free port
	return l.Addr().String()
}

// serverProcess is `ideario serve` running as a process of its own.
type serverProcess struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{} // closed once the process has exited
	err  error
}

// startServe starts `ideario serve` on the database and waits until
// /healthz answers; its output goes to logPath, after that of the
// processes before it.
func startServe(t *testing.T, bin, db, addr, logPath string) *serverProcess {
	t.Helper()
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600) //nolint:gosec // G304: a log in the test's temp folder
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = logFile.Close() }()                                                                             // the process keeps its own descriptor
	_, _ = fmt.Fprintf(logFile, "==== %s: ideario serve --addr %s\n", time.Now().UTC().Format(time.RFC3339Nano), addr) // a marker line for people reading the log
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)                                                      //nolint:gosec // G204: the binary this test built
	cmd.Env = binaryEnv("IDEARIO_BASE_URL=http://" + addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("start ideario serve: %v", err)
	}
	s := &serverProcess{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { s.err = cmd.Wait(); close(s.done) }()
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if resp, err := client.Get("http://" + addr + "/healthz"); err == nil {
			_ = resp.Body.Close() // a health check read no further
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case <-s.done:
			t.Fatalf("ideario serve exited before it was healthy (%v):\n%s", s.err, logTail(logPath, 30))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			t.Fatalf("ideario serve did not answer /healthz within 30 s:\n%s", logTail(logPath, 30))
		}
	}
}

// kill ends the server at once, as a crash or the OOM killer would: no
// handler finishes, no deferred Close runs.
func (s *serverProcess) kill(t *testing.T) {
	t.Helper()
	if err := syscall.Kill(s.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-s.done
}

// stop ends the server as a service manager would, at the end of the test.
func (s *serverProcess) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// logTail is the end of a log, for a failure message, without the lines of
// requests that went well (the log has thousands).
func logTail(path string, lines int) string {
	b, err := os.ReadFile(path) //nolint:gosec // G304: the log this test writes
	if err != nil {
		return err.Error()
	}
	var kept []string
	for line := range strings.Lines(string(b)) {
		if !strings.Contains(line, "msg=request ") || strings.Contains(line, "status=5") {
			kept = append(kept, strings.TrimRight(line, "\n"))
		}
	}
	return strings.Join(kept[max(0, len(kept)-lines):], "\n")
}

var (
	csrfMeta      = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
	csrfInput     = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	commentAnchor = regexp.MustCompile(`#comment-(\d+)$`)
)

// errNoAnswer marks a request that got no complete answer: it may or may
// not have been carried out.
var errNoAnswer = errors.New("no answer")

// voter is one person using the site through a browser: a cookie jar, the
// CSRF token of its pages, one request at a time. It remembers what the
// site acknowledged, which is what must survive a crash.
type voter struct {
	userID int64
	email  string
	base   string
	run    string // marks this test's comments
	client *http.Client
	token  string
	rng    *rand.Rand

	// votes is, for each idea, whether the person supports it as the last
	// answered request left it; an idea is missing while its last request
	// went unanswered in a way that may have changed it.
	votes    map[int64]bool
	comments []ackedComment
	sent     []string // the bodies of every comment posted, answered or not
	stats    roundStats
	problems []string // answers that no crash explains
}

// ackedComment is a comment the site said it created.
type ackedComment struct {
	id, ideaID, authorID, parentID int64 // parentID 0: none
	body                           string
}

// roundStats counts one voter's requests of one round.
type roundStats struct {
	votes, comments int // acknowledged
	inFlight        int // sent, and no answer because of the kill
}

func (s *roundStats) add(o roundStats) {
	s.votes += o.votes
	s.comments += o.comments
	s.inFlight += o.inFlight
}

// newVoter makes a browser for a person; transport is shared, the cookie
// jar is the person's own and lasts across restarts of the server.
func newVoter(base, run string, userID int64, email string, transport http.RoundTripper, seed uint64) *voter {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &voter{userID: userID, email: email, base: base, run: run, votes: map[int64]bool{},
		rng: rand.New(rand.NewPCG(seed, uint64(userID))), //nolint:gosec // G115: a seed, where any bit pattern will do
		client: &http.Client{Jar: jar, Transport: transport, Timeout: 20 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// httpAnswer is a complete answer to a request.
type httpAnswer struct {
	status   int
	location string
	flash    bool // the answer keeps a message for the next page: a refusal, for a vote
	body     []byte
}

// do sends a request and reads the whole answer; an error wraps
// errNoAnswer when the answer did not arrive in full.
func (v *voter) do(req *http.Request) (httpAnswer, error) {
	resp, err := v.client.Do(req)
	if err != nil {
		return httpAnswer{}, fmt.Errorf("%s %s: %w: %w", req.Method, req.URL.Path, errNoAnswer, err)
	}
	defer func() { _ = resp.Body.Close() }() // the body is read whole below
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return httpAnswer{}, fmt.Errorf("%s %s: %w: reading the answer: %w", req.Method, req.URL.Path, errNoAnswer, err)
	}
	ans := httpAnswer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: body}
	for _, c := range resp.Cookies() {
		ans.flash = ans.flash || (c.Name == "ideario_flash" && c.MaxAge >= 0)
	}
	return ans, nil
}

func (v *voter) get(path string) (httpAnswer, error) {
	req, err := http.NewRequest(http.MethodGet, v.base+path, nil)
	if err != nil {
		return httpAnswer{}, err
	}
	return v.do(req)
}

// post sends a form as the page's form would, or, with asJSON, the request
// the site's script makes (token in a header, JSON asked for).
func (v *voter) post(path string, form url.Values, asJSON bool) (httpAnswer, error) {
	if form == nil {
		form = url.Values{}
	}
	if !asJSON {
		form.Set("_csrf", v.token)
	}
	req, err := http.NewRequest(http.MethodPost, v.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return httpAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if asJSON {
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-CSRF-Token", v.token)
	}
	return v.do(req)
}

// login signs in through the log-in form and keeps the page's CSRF token.
func (v *voter) login(password string) error {
	page, err := v.get("/login")
	if err != nil {
		return err
	}
	m := csrfInput.FindSubmatch(page.body)
	if page.status != http.StatusOK || m == nil {
		return fmt.Errorf("GET /login: %d without a _csrf field", page.status)
	}
	v.token = string(m[1])
	ans, err := v.post("/login", url.Values{"email": {v.email}, "password": {password}}, false)
	if err != nil {
		return err
	}
	if ans.status != http.StatusSeeOther {
		return fmt.Errorf("POST /login as %s: %d, want 303", v.email, ans.status)
	}
	home, err := v.get("/")
	if err != nil {
		return err
	}
	if m = csrfMeta.FindSubmatch(home.body); m == nil || string(m[1]) != v.token {
		return fmt.Errorf("after logging in as %s the home page is %d without this browser's token", v.email, home.status)
	}
	return nil
}

// act sends one request after another, each a vote, an unvote or a
// comment on one of the ideas, until killed is set or a request fails.
func (v *voter) act(ideas []int64, round int, killed *atomic.Bool) {
	for n := 0; !killed.Load(); n++ {
		idea := ideas[v.rng.IntN(len(ideas))]
		var err error
		switch x := v.rng.IntN(100); {
		case x < 40:
			err = v.vote(idea, true, v.rng.IntN(2) == 0)
		case x < 75:
			err = v.vote(idea, false, v.rng.IntN(2) == 0)
		default:
			err = v.comment(idea, round, n, v.rng.IntN(4) == 0)
		}
		switch {
		case err == nil:
			continue
		case errors.Is(err, errNoAnswer) && killed.Load():
			// Refused connections never reached the server: only the
			// others were cut off in the middle.
			if !errors.Is(err, syscall.ECONNREFUSED) {
				v.stats.inFlight++
			}
		case errors.Is(err, errNoAnswer):
			v.problems = append(v.problems, fmt.Sprintf("%s: %v (before the kill)", v.email, err))
		default:
			v.problems = append(v.problems, fmt.Sprintf("%s: %v", v.email, err))
		}
		return
	}
}

// vote supports an idea or withdraws the support, and remembers the state
// that the answer acknowledges.
func (v *voter) vote(idea int64, support, asJSON bool) error {
	path := fmt.Sprintf("/ideas/%d/unvote", idea)
	if support {
		path = fmt.Sprintf("/ideas/%d/vote", idea)
	}
	ans, err := v.post(path, nil, asJSON)
	if was, known := v.votes[idea]; err != nil || !known || was != support {
		// Until a good answer comes, the request may have changed the
		// state or not (repeating the state the idea has changes nothing).
		delete(v.votes, idea)
	}
	if err != nil {
		return err
	}
	var got struct {
		Voted *bool `json:"voted"`
		Votes *int  `json:"votes"`
	}
	switch {
	case !asJSON && (ans.status != http.StatusSeeOther || !toIdea(ans.location, idea) || ans.flash):
		// A refusal (closed phase, used-up budget) also answers 303, but
		// with a message for the idea's page.
		return fmt.Errorf("POST %s (form): %d to %q (message kept: %v), want 303 to the idea", path, ans.status, ans.location, ans.flash)
	case asJSON && ans.status != http.StatusOK:
		return fmt.Errorf("POST %s (JSON): %d, want 200: %.200s", path, ans.status, ans.body)
	case asJSON && (json.Unmarshal(ans.body, &got) != nil || got.Voted == nil || *got.Voted != support || got.Votes == nil):
		return fmt.Errorf("POST %s (JSON): answer %s, want voted %v and the count", path, ans.body, support)
	}
	v.votes[idea] = support
	v.stats.votes++
	return nil
}

// toIdea tells whether a redirect leads to an idea's page (with or without
// its slug).
func toIdea(location string, idea int64) bool {
	rest, ok := strings.CutPrefix(location, "/ideas/"+strconv.FormatInt(idea, 10))
	return ok && (rest == "" || strings.ContainsRune("-?#", rune(rest[0])))
}

// comment posts a comment with a text no other comment has, or, with
// reply, an answer to one of this person's acknowledged comments on the
// idea (perhaps from before a crash), and remembers the id the site gave.
func (v *voter) comment(idea int64, round, n int, reply bool) error {
	body := fmt.Sprintf("crash %s r%d u%d n%d: this comment must *survive*", v.run, round, v.userID, n)
	form := url.Values{"body": {body}}
	var parent int64
	if reply {
		for _, c := range v.comments {
			if c.ideaID == idea {
				parent = c.id
			}
		}
	}
	if parent != 0 {
		form.Set("parent", strconv.FormatInt(parent, 10))
	}
	asJSON := v.rng.IntN(4) == 0
	path := fmt.Sprintf("/ideas/%d/comments", idea)
	v.sent = append(v.sent, body)
	ans, err := v.post(path, form, asJSON)
	if err != nil {
		return err
	}
	var id int64
	if asJSON {
		var got struct {
			ID int64 `json:"id"`
		}
		if ans.status != http.StatusCreated || json.Unmarshal(ans.body, &got) != nil || got.ID == 0 {
			return fmt.Errorf("POST %s (JSON): %d %.200s, want 201 and the comment's id", path, ans.status, ans.body)
		}
		id = got.ID
	} else {
		m := commentAnchor.FindStringSubmatch(ans.location)
		if ans.status != http.StatusSeeOther || m == nil {
			return fmt.Errorf("POST %s (form): %d to %q, want 303 to the new comment", path, ans.status, ans.location)
		}
		id, _ = strconv.ParseInt(m[1], 10, 64)
	}
	v.comments = append(v.comments, ackedComment{id: id, ideaID: idea, authorID: v.userID, parentID: parent, body: body})
	v.stats.comments++
	return nil
}
