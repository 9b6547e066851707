package main

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGoalMet(t *testing.T) {
	g := goal{minShare: 0.5, maxP99: 50 * time.Millisecond}
	tests := []struct {
		name  string
		m     measurement
		share float64
		want  bool
	}{
		{"fast enough", measurement{p99: 10 * time.Millisecond}, 0.6, true},
		{"exactly half", measurement{p99: 49 * time.Millisecond}, 0.5, true},
		{"too slow a share", measurement{p99: 10 * time.Millisecond}, 0.49, false},
		{"p99 at the limit", measurement{p99: 50 * time.Millisecond}, 0.9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := g.met(tt.m, tt.share); got != tt.want {
				t.Errorf("met = %v, want %v", got, tt.want)
			}
		})
	}
	if got := (goal{minRPS: 2000}).met(measurement{rps: 1999}, 0); got {
		t.Error("1999/s met a goal of 2000/s")
	}
}

func TestRowMetNeedsNoFailureAndChecks(t *testing.T) {
	ok := row{m: measurement{rps: 100}, share: 1, goal: anonymous, checked: true}
	tests := []struct {
		name string
		r    row
		want bool
	}{
		{"clean", ok, true},
		{"a failed request", func() row { r := ok; r.m.failed = 1; return r }(), false},
		{"a check failed", func() row { r := ok; r.checked = false; return r }(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.met(); got != tt.want {
				t.Errorf("met = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReportWrite(t *testing.T) {
	rep := &report{
		about: []string{"Engine: sqlite"},
		rows: []row{
			{name: "/healthz", m: measurement{requests: 100, rps: 1000, p50: time.Millisecond, p99: 2 * time.Millisecond, max: 3 * time.Millisecond}, share: 1, goal: reference, checked: true},
			{name: "/ideas", m: measurement{requests: 10, rps: 100, p99: 80 * time.Millisecond}, share: 0.1, goal: anonymous, checked: true},
			{name: "/broken", m: measurement{requests: 6, failed: 6, failures: map[string]uint64{"status 500": 2, "status 303": 4}}, goal: anonymous, checked: true},
			{name: "/ (home) for 35s", m: measurement{requests: 50, rps: 500, p99: 20 * time.Millisecond, max: 130 * time.Millisecond}, share: 0.5, goal: homeLong, checked: true},
		},
		checks: map[string]bool{"busiest idea page: 90 KB": true},
		memory: memory{maxRSSKB: 100 << 10, hwmKB: 120 << 10, limitMB: 250},
		notes:  []string{"a note"},
	}
	var out bytes.Buffer
	if err := rep.write(&out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"| /healthz | 100 | 1000 | 1.0 | 2.0 | 3.0 | 0 | 100% | 0 | p99 < 50 ms | yes |",
		"| /ideas | 10 | 100 | 0.0 | 80.0 | 0.0 | 0 | 10% | 0 | ≥ 50% of /healthz, p99 < 50 ms | **no** |",
		"| / (home) for 35s | 50 | 500 | 0.0 | 20.0 | 130.0 | 0 | 50% | 0 | p99 < 50 ms, max < 100 ms | **no** |",
		"- busiest idea page: 90 KB: yes",
		"| 100 / 120 | < 250 MB | yes |",
		"- a note",
		"- /broken failed: 4 × status 303, 2 × status 500",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if rep.allMet() {
		t.Error("allMet with a row that misses its target")
	}
}

func TestMemoryMet(t *testing.T) {
	if (memory{maxRSSKB: 200 << 10, hwmKB: 251 << 10, limitMB: 250}).met() {
		t.Error("a peak of 251 MB met a limit of 250 MB")
	}
	if !(memory{maxRSSKB: 200 << 10, hwmKB: 210 << 10, limitMB: 250}).met() {
		t.Error("a peak of 210 MB missed a limit of 250 MB")
	}
}

func TestParseStatusKB(t *testing.T) {
	status := "Name:\tideario\nVmHWM:\t  123456 kB\nVmRSS:\t   65432 kB\n"
	tests := []struct {
		field   string
		want    int64
		wantErr bool
	}{
		{"VmRSS", 65432, false},
		{"VmHWM", 123456, false},
		{"VmSwap", 0, true},
		{"Name", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, err := parseStatusKB(bufio.NewScanner(strings.NewReader(status)), tt.field)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestFormToken(t *testing.T) {
	tests := []struct {
		name, page, want string
		wantErr          bool
	}{
		{"field", `<form><input type="hidden" name="_csrf" value="abc-_123"></form>`, "abc-_123", false},
		{"escaped", `<input name="_csrf" value="a&#43;b">`, "a+b", false},
		{"none", `<form></form>`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := formToken(tt.page)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestCommonWords(t *testing.T) {
	titles := []string{"Solar roof for the city car", "A solar charger", "Recycled seats; recycled SOLAR panels", "Tiny car"}
	got := commonWords(titles, 3)
	want := []string{"solar", "recycled", "charger"}
	if !slices.Equal(got, want) {
		t.Errorf("commonWords = %v, want %v", got, want)
	}
}

func TestParseVoteURL(t *testing.T) {
	tests := []struct {
		url        string
		wantVoter  int
		wantIdea   int64
		wantAction string
		wantErr    bool
	}{
		{"http://127.0.0.1:1/ideas/42/vote?voter=3", 3, 42, "vote", false},
		{"http://127.0.0.1:1/ideas/7/unvote?voter=0", 0, 7, "unvote", false},
		{"http://127.0.0.1:1/ideas/7/follow?voter=0", 0, 0, "", true},
		{"http://127.0.0.1:1/ideas/x/vote?voter=0", 0, 0, "", true},
		{"http://127.0.0.1:1/ideas/7/vote", 0, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			voter, idea, action, err := parseVoteURL(tt.url)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && (voter != tt.wantVoter || idea != tt.wantIdea || action != tt.wantAction) {
				t.Errorf("got %d %d %s, want %d %d %s", voter, idea, action, tt.wantVoter, tt.wantIdea, tt.wantAction)
			}
		})
	}
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr bool
	}{
		{"defaults", nil, false},
		{"postgres, short", []string{"--engine", "postgres", "--duration", "2s"}, false},
		{"unknown engine", []string{"--engine", "mysql"}, true},
		{"no connections", []string{"--connections", "0"}, true},
		{"too few users", []string{"--users", "10", "--connections", "32"}, true},
		{"zero duration", []string{"--duration", "0s"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseOptions(tt.args, &bytes.Buffer{})
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"mixed: /ideas, signed in":                "mixed-ideas-signed-in",
		"/ (home) for 35s":                        "home-for-35s",
		"busiest idea (4164 comments), anonymous": "busiest-idea-4164-comments-anonymous",
	} {
		if got := slug(name); got != want {
			t.Errorf("slug(%q) = %q, want %q", name, got, want)
		}
	}
}
