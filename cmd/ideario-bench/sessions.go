package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// session is a logged-in browser: the cookies it sends and the CSRF token
// its forms carry.
type session struct {
	account
	cookie string // the Cookie header
	csrf   string
}

// csrfField finds the token in a form's hidden _csrf field.
var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// formToken returns the CSRF token of the first form in a page.
func formToken(page string) (string, error) {
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return "", errors.New("the page has no _csrf field")
	}
	return html.UnescapeString(m[1]), nil
}

// login signs in as each account, the way a browser does: it opens the
// log-in form for its CSRF cookie and token, then posts the form.
func login(ctx context.Context, base string, accounts []account, password string) ([]session, error) {
	out := make([]session, 0, len(accounts))
	for _, a := range accounts {
		s, err := loginOne(ctx, base, a, password)
		if err != nil {
			return nil, fmt.Errorf("log in as %s: %w", a.email, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func loginOne(ctx context.Context, base string, a account, password string) (session, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return session{}, err
	}
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form, err := fetch(ctx, client, http.MethodGet, base+"/login", nil, http.StatusOK)
	if err != nil {
		return session{}, err
	}
	token, err := formToken(form)
	if err != nil {
		return session{}, err
	}
	fields := url.Values{"email": {a.email}, "password": {password}, "_csrf": {token}}
	if _, err := fetch(ctx, client, http.MethodPost, base+"/login", fields, http.StatusSeeOther); err != nil {
		return session{}, err
	}
	u, err := url.Parse(base)
	if err != nil {
		return session{}, err
	}
	var cookies []string
	for _, c := range jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	return session{account: a, cookie: strings.Join(cookies, "; "), csrf: token}, nil
}

// fetch sends a request (a form when fields is not nil) and returns the
// body of an answer with the wanted status.
func fetch(ctx context.Context, client *http.Client, method, target string, fields url.Values, want int) (string, error) {
	var body io.Reader
	if fields != nil {
		body = strings.NewReader(fields.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return "", err
	}
	if fields != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }() // read to its end below; its error is ReadAll's
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", method, target, err)
	}
	if resp.StatusCode != want {
		return "", fmt.Errorf("%s %s: status %d, want %d", method, target, resp.StatusCode, want)
	}
	return string(b), nil
}
