package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is `ideario serve` running as a child process.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	log  string // the file that holds its output
	done chan struct{}
	err  error // why it exited, once done is closed
	rss  *rssSampler
	// profileAddr is where the server's profiler answers; empty when off.
	profileAddr string
}

// startServer starts the server on a free loopback port and waits until
// /healthz answers.
func startServer(ctx context.Context, bin, dsn, dir string, profiled bool) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logPath := filepath.Join(dir, "server.log")
	logFile, err := os.Create(logPath) //nolint:gosec // G304: a file in the benchmark's own temporary folder
	if err != nil {
		return nil, fmt.Errorf("server log: %w", err)
	}
	// The child keeps its own descriptor and writes through it; this one is
	// never written, so closing it can lose nothing.
	defer func() { _ = logFile.Close() }()
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", dsn) //nolint:gosec // G204: bin is the ideario binary this benchmark built
	// Rate limits off: a few dozen accounts sending thousands of requests a
	// second is what they exist to stop (docs/benchmarks.md).
	cmd.Env = append(os.Environ(), "IDEARIO_SECRET="+hex.EncodeToString(secret), "IDEARIO_BASE_URL=http://"+addr,
		"IDEARIO_RATE_LIMITS=off")
	var profileAddr string
	if profiled {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		profileAddr = fmt.Sprintf("127.0.0.1:%d", port)
		cmd.Env = append(cmd.Env, "IDEARIO_PROFILE_ADDR="+profileAddr)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: logPath, done: make(chan struct{}), profileAddr: profileAddr}
	go func() { s.err = cmd.Wait(); close(s.done) }()
	s.rss = startRSSSampler(cmd.Process.Pid, 50*time.Millisecond)
	if err := s.waitHealthy(ctx, 2*time.Minute); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer func() { _ = l.Close() }() // it only reserved a port number
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitHealthy polls /healthz until it answers 200, the server exits or the
// time is up.
func (s *server) waitHealthy(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if resp, err := client.Get(s.base + "/healthz"); err == nil {
			_ = resp.Body.Close() // only the status is wanted
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("the server exited (%v); its log is %s", s.err, s.log)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("the server did not answer /healthz within %s; its log is %s", limit, s.log)
}

// exited reports whether the server has stopped on its own.
func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// stop ends the server with SIGTERM, as a service manager would, and kills
// it if it has not gone within ten seconds. It returns the peak resident
// memory the kernel recorded (VmHWM), read just before the signal.
func (s *server) stop() (hwm int64) {
	hwm, _ = readStatusKB(s.cmd.Process.Pid, "VmHWM")
	s.rss.stop()
	if s.exited() {
		return hwm
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	return hwm
}

// rssSampler reads a process's resident memory (VmRSS) at a fixed
// interval and keeps the largest value seen, overall and since the last
// window began.
type rssSampler struct {
	mu        sync.Mutex
	max       int64 // KiB, over the whole run
	windowMax int64 // KiB, since startWindow
	quit      chan struct{}
	stopped   sync.Once
}

func startRSSSampler(pid int, every time.Duration) *rssSampler {
	r := &rssSampler{quit: make(chan struct{})}
	go func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			if kb, err := readStatusKB(pid, "VmRSS"); err == nil {
				r.record(kb)
			}
			select {
			case <-r.quit:
				return
			case <-tick.C:
			}
		}
	}()
	return r
}

func (r *rssSampler) record(kb int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.max = max(r.max, kb)
	r.windowMax = max(r.windowMax, kb)
}

// startWindow begins a new window, for the figure of one scenario.
func (r *rssSampler) startWindow() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.windowMax = 0
}

// peaks returns the largest VmRSS seen in the run and in the window, in KiB.
func (r *rssSampler) peaks() (run, window int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.max, r.windowMax
}

func (r *rssSampler) stop() { r.stopped.Do(func() { close(r.quit) }) }

// readStatusKB reads one "Name:   1234 kB" line of /proc/PID/status.
func readStatusKB(pid int, name string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer func() { _ = f.Close() }() // read only
	return parseStatusKB(bufio.NewScanner(f), name)
}

func parseStatusKB(sc *bufio.Scanner, name string) (int64, error) {
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || key != name {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("/proc status: unexpected %s line %q", name, sc.Text())
		}
		return strconv.ParseInt(fields[0], 10, 64)
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("/proc status: no " + name + " line")
}
