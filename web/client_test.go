package web_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ideario/ideario/testutil"
)

// client is a browser without JavaScript: it keeps cookies, does not follow
// redirects by itself, and reads the CSRF token from the pages it loads.
type client struct {
	t     *testing.T
	base  string
	http  *http.Client
	token string // the last CSRF token a page gave
	// header is sent with every request, as a browser sends its
	// Accept-Language.
	header http.Header
}

// response is what the client got back, read whole.
type response struct {
	Code     int
	Body     string
	Header   http.Header
	Cookies  []*http.Cookie
	Location string
	path     string
}

// String sums a response up for failure messages.
func (r *response) String() string {
	body := r.Body
	if len(body) > 600 {
		body = body[:600] + "…"
	}
	return r.path + " -> " + http.StatusText(r.Code) + " " + r.Location + "\n" + body
}

func newClient(t *testing.T, s *testutil.Server) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, base: s.URL, http: &http.Client{
		Jar:           jar,
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// do sends a request and reads the answer; a transport failure is a test
// error and a response with code 0.
func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	for k, v := range c.header {
		if req.Header.Get(k) == "" {
			req.Header[k] = v
		}
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Errorf("%s %s: %v", req.Method, req.URL, err)
		return &response{path: req.URL.RequestURI(), Header: http.Header{}}
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Errorf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	r := &response{Code: res.StatusCode, Body: string(body), Header: res.Header, Cookies: res.Cookies(),
		Location: res.Header.Get("Location"), path: req.Method + " " + req.URL.RequestURI()}
	if tok := csrfIn(r.Body); tok != "" {
		c.token = tok
	}
	return r
}

// get loads a path (with its query) as a browser would.
func (c *client) get(path string) *response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatalf("GET %q: %v", path, err)
	}
	return c.do(req)
}

// getJSON loads a path asking for JSON and decodes the answer into v.
func (c *client) getJSON(path string, v any) *response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatalf("GET %q: %v", path, err)
	}
	req.Header.Set("Accept", "application/json")
	r := c.do(req)
	decode(c.t, r, v)
	return r
}

// post posts a form with extra headers.
func (c *client) post(path string, form url.Values, header http.Header) *response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatalf("POST %q: %v", path, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	return c.do(req)
}

// postForm posts the form as it is: the caller adds _csrf, or not.
func (c *client) postForm(path string, form url.Values) *response {
	c.t.Helper()
	return c.post(path, form, nil)
}

// submit fills in a form as a person would: it opens the page that shows
// the form, takes the token from it, and posts to the form's action.
func (c *client) submit(page, action string, form url.Values) *response {
	c.t.Helper()
	return c.postForm(action, withToken(form, c.csrf(page)))
}

// postJSON posts like the site's script: the form, Accept: application/json
// and the token of the last page in the X-CSRF-Token header. The answer is
// decoded into v when v is not nil.
func (c *client) postJSON(path string, form url.Values, v any) *response {
	c.t.Helper()
	if c.token == "" {
		c.csrf("/login") // a page with a form, for visitors too
	}
	r := c.post(path, form, http.Header{"Accept": {"application/json"}, "X-Csrf-Token": {c.token}})
	decode(c.t, r, v)
	return r
}

// csrf opens a page and returns the CSRF token it carries, from the
// hidden _csrf field or else the csrf-token meta tag.
func (c *client) csrf(path string) string {
	c.t.Helper()
	r := c.get(path)
	tok := csrfIn(r.Body)
	if tok == "" {
		c.t.Errorf("no CSRF token on %s", r)
	}
	return tok
}

// follow goes where a redirect points, as a browser would, until a page
// that is not a redirect (at most 10 hops).
func (c *client) follow(r *response) *response {
	c.t.Helper()
	for i := 0; i < 10 && r.Location != ""; i++ {
		loc, err := url.Parse(r.Location)
		if err != nil {
			c.t.Errorf("bad Location %q: %v", r.Location, err)
			return r
		}
		if loc.Host != "" && c.base != loc.Scheme+"://"+loc.Host {
			c.t.Errorf("redirect off the site: %q", r.Location)
			return r
		}
		r = c.get(loc.RequestURI())
	}
	return r
}

var (
	csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	csrfMeta  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
)

func csrfIn(body string) string {
	if m := csrfField.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	if m := csrfMeta.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

func withToken(form url.Values, token string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	out.Set("_csrf", token)
	return out
}

func decode(t *testing.T, r *response, v any) {
	t.Helper()
	if v == nil || r.Code == 0 {
		return
	}
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Errorf("%s: not JSON: %v", r, err)
	}
}

// fieldError is the message shown next to a form field, or "".
func fieldError(body, field string) string {
	re := regexp.MustCompile(`class="field-error" id="err-` + regexp.QuoteMeta(field) + `"[^>]*>([^<]*)<`)
	if m := re.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// cookie finds a cookie that a response set.
func cookie(r *response, name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// check reports got != want.
func check[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// wantCode reports an unexpected status with the start of the page.
func wantCode(t *testing.T, r *response, want int) {
	t.Helper()
	if r.Code != want {
		t.Errorf("status %d, want %d: %s", r.Code, want, r)
	}
}

// wantIn reports when a page lacks some text.
func wantIn(t *testing.T, r *response, sub string) {
	t.Helper()
	if !strings.Contains(r.Body, sub) {
		t.Errorf("%q not on the page: %s", sub, r)
	}
}

// wantNotIn reports when a page has some text it must not have.
func wantNotIn(t *testing.T, r *response, sub string) {
	t.Helper()
	if i := strings.Index(r.Body, sub); i >= 0 {
		t.Errorf("%q is on %s at %d: …%s…", sub, r.path, i, r.Body[max(0, i-200):min(len(r.Body), i+200)])
	}
}
