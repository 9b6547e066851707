package main

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/ideario/ideario/models/ideas"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The targets of issue 5, for 32 connections with the load generator on
// the same two-core machine.
var (
	reference = goal{maxP99: 50 * time.Millisecond}
	anonymous = goal{minShare: 0.5, maxP99: 50 * time.Millisecond}
	signedIn  = goal{minShare: 0.1, maxP99: 50 * time.Millisecond}
	votesGoal = goal{minRPS: 2000}
	// memoryGoal is issue 14's: MB of resident memory through the whole
	// run (issue 5 allowed 250).
	memoryGoal = int64(200)
	// The targets of issue 14 for the busiest idea's page, and the most
	// HTML it may weigh.
	busyAnonymous = goal{minShare: 0.5, maxP99: 50 * time.Millisecond}
	busyPageBytes = 150_000
	// The home page over longer than any cache's lifetime: no answer may
	// wait for a rebuild.
	homeLong     = goal{maxP99: 50 * time.Millisecond, maxEach: 100 * time.Millisecond}
	homeDuration = 35 * time.Second
)

// pageScenario is one row of GET requests: the paths it cycles through,
// anonymously or as the signed-in sessions in turn.
type pageScenario struct {
	name  string
	paths []string
	goal  goal
	// sessions, when set, sign the requests in, one session after another.
	sessions []session
	// duration, when set, is how long the row is measured instead of the
	// run's --duration.
	duration time.Duration
}

// browserLanguages are the Accept-Language headers of the anonymous
// requests, one language after another: the page cache then holds each
// page once per language, as on a campaign read around the world.
// Signed-in people read in their account's language, which the synthetic
// campaign spreads over the same five.
var browserLanguages = []string{"en-US,en;q=0.9", "pt-BR,pt;q=0.9", "es-AR,es;q=0.9", "fr-FR,fr;q=0.9", "it-IT,it;q=0.9"}

// browserEncodings is what browsers accept. Said explicitly, it keeps the
// load generator from decoding the answers (Go's client decodes gzip by
// itself only when it asked for it): a browser decodes on its own
// machine, and here the generator shares the server's two cores.
const browserEncodings = "gzip, deflate, br"

// targets lists the requests the scenario cycles through: every path
// with every session, so that each session asks for each path, and
// anonymously every path in every language.
func (p pageScenario) targets(base string) []vegeta.Target {
	var out []vegeta.Target
	for _, path := range p.paths {
		if len(p.sessions) == 0 {
			for _, lang := range browserLanguages {
				out = append(out, vegeta.Target{Method: http.MethodGet, URL: base + path,
					Header: http.Header{"Accept-Language": {lang}, "Accept-Encoding": {browserEncodings}}})
			}
			continue
		}
		for _, s := range p.sessions {
			out = append(out, vegeta.Target{Method: http.MethodGet, URL: base + path,
				Header: http.Header{"Cookie": {s.cookie}, "Accept-Encoding": {browserEncodings}}})
		}
	}
	return out
}

// pageScenarios are the GET rows of the table, /healthz first: the others
// are measured against it.
func pageScenarios(d *dataset, sessions []session) []pageScenario {
	list := []pageScenario{
		{name: "/healthz", paths: []string{"/healthz"}, goal: reference},
		{name: "/ (home)", paths: []string{"/"}, goal: anonymous},
	}
	for _, sort := range ideas.Sorts {
		list = append(list, pageScenario{name: "/ideas?sort=" + sort, paths: []string{ideasPath("sort", sort)}, goal: anonymous})
	}
	list = append(list,
		pageScenario{name: "/ideas?sort=hot&page=50", paths: []string{ideasPath("sort", "hot", "page", "50")}, goal: anonymous},
		pageScenario{name: "/ideas?sort=new&page=50", paths: []string{ideasPath("sort", "new", "page", "50")}, goal: anonymous},
		pageScenario{name: "/ideas?challenge= (each challenge)", paths: each("challenge", d.challenges), goal: anonymous},
		pageScenario{name: "/ideas?category= (each category)", paths: each("category", d.categories), goal: anonymous},
		pageScenario{name: "/ideas?status= (each status)", paths: each("status", ideas.Statuses), goal: anonymous},
		pageScenario{name: "/ideas?q= (search, words rotated)", paths: each("q", d.words), goal: anonymous},
		pageScenario{name: "/ideas, signed in", paths: []string{"/ideas"}, goal: signedIn, sessions: sessions},
	)
	page := []string{ideas.IdeaPath(d.bigIdea.ID, d.bigIdea.Slug)}
	name := fmt.Sprintf("idea page (%d comments)", d.bigIdea.CommentCount)
	list = append(list,
		pageScenario{name: name + ", anonymous", paths: page, goal: signedIn},
		pageScenario{name: name + ", signed in", paths: page, goal: signedIn, sessions: sessions},
	)
	list = append(list, pageScenario{name: fmt.Sprintf("/ (home) for %s", homeDuration), paths: []string{"/"},
		goal: homeLong, duration: homeDuration})
	busy := []string{ideas.IdeaPath(d.busiest.ID, d.busiest.Slug)}
	name = fmt.Sprintf("busiest idea (%d comments)", d.busiest.CommentCount)
	list = append(list,
		pageScenario{name: name + ", anonymous", paths: busy, goal: busyAnonymous},
		pageScenario{name: name + ", signed in", paths: busy, goal: signedIn, sessions: sessions},
	)
	return list
}

// ideasPath is the path of the idea list with the given query pairs.
func ideasPath(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return "/ideas?" + v.Encode()
}

// each is the idea list filtered by each value in turn.
func each(key string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = ideasPath(key, v)
	}
	return out
}
