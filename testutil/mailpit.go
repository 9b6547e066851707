package testutil

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Mailpit is a real SMTP server (github.com/axllent/mailpit, a tool
// dependency in go.mod) started for one test, with its HTTP API to read
// what arrived. Stop and Start make an outage: the server goes away and
// comes back on the same address, with the messages it had.
type Mailpit struct {
	SMTPURL string // smtp://user:pass@127.0.0.1:PORT
	api     string
	bin, db string
	smtp    string // host:port
	web     string // host:port
	cmd     *exec.Cmd
}

// MailpitMessage is what the API says of one message.
type MailpitMessage struct {
	ID      string
	Subject string
	To      []struct{ Address string }
	From    struct{ Address string }
	Text    string
	HTML    string
}

// StartMailpit builds mailpit (cached by Go's build cache after the first
// time) and runs it on two free loopback ports until the test ends.
func StartMailpit(t testing.TB) *Mailpit {
	t.Helper()
	dir := t.TempDir()
	m := &Mailpit{bin: filepath.Join(dir, "mailpit"), db: filepath.Join(dir, "mailpit.db"), smtp: freeAddr(t), web: freeAddr(t)}
	build := exec.Command("go", "build", "-o", m.bin, "github.com/axllent/mailpit") //nolint:gosec // G204: bin is in the test's temporary folder
	if out, err := build.CombinedOutput(); err != nil {
		Skip(t, fmt.Sprintf("cannot build mailpit for the SMTP tests: %v\n%s", err, out))
	}
	m.SMTPURL, m.api = "smtp://ideario:secret@"+m.smtp, "http://"+m.web+"/api/v1"
	t.Cleanup(m.Stop)
	m.Start(t)
	return m
}

// Start runs the server (again, after Stop) and waits until it answers.
func (m *Mailpit) Start(t testing.TB) {
	t.Helper()
	m.cmd = exec.Command(m.bin, "--smtp", m.smtp, "--listen", m.web, //nolint:gosec // G204: the mailpit just built, on free loopback ports
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--database", m.db)
	if err := m.cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.api + "/messages")
		if err == nil {
			_ = resp.Body.Close() // only the answer is wanted
			if c, err := net.Dial("tcp", m.smtp); err == nil {
				_ = c.Close() // only the connection is wanted
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start on %s", m.web)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop ends the server: mail sent now finds nobody at the address.
func (m *Mailpit) Stop() {
	if m.cmd == nil {
		return
	}
	_ = m.cmd.Process.Kill()
	_ = m.cmd.Wait() // killed, so it reports the signal
	m.cmd = nil
}

// Messages lists what arrived, newest first, with each message's text.
func (m *Mailpit) Messages(t testing.TB) []MailpitMessage {
	t.Helper()
	var list struct{ Messages []MailpitMessage }
	m.get(t, "/messages", &list)
	for i := range list.Messages {
		var full MailpitMessage
		m.get(t, "/message/"+list.Messages[i].ID, &full)
		list.Messages[i].Text, list.Messages[i].HTML = full.Text, full.HTML
	}
	return list.Messages
}

// Headers are the header fields of a message that arrived, by name.
func (m *Mailpit) Headers(t testing.TB, msg MailpitMessage) map[string][]string {
	t.Helper()
	var headers map[string][]string
	m.get(t, "/message/"+msg.ID+"/headers", &headers)
	return headers
}

// WaitFor waits until a message to the address arrives and returns it.
func (m *Mailpit) WaitFor(t testing.TB, to string) MailpitMessage {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, msg := range m.Messages(t) {
			for _, r := range msg.To {
				if strings.EqualFold(r.Address, to) {
					return msg
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail to %s arrived", to)
	return MailpitMessage{}
}

func (m *Mailpit) get(t testing.TB, path string, into any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatalf("mailpit API: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("mailpit API %s: %v", path, err)
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }() // it only reserved a port number
	return l.Addr().String()
}
