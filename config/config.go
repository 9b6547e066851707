// Package config reads Ideario's settings once, from flags and the
// environment, into one struct that the rest of the program is given.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Config holds every setting of a running Ideario.
type Config struct {
	Addr     string // IDEARIO_ADDR
	DB       string // IDEARIO_DB: sqlite:PATH or postgres://...
	Secret   string // IDEARIO_SECRET
	BaseURL  string // IDEARIO_BASE_URL; unset, the address the server listens on (see Validate)
	SMTPURL  string // IDEARIO_SMTP_URL
	MailFrom string // IDEARIO_MAIL_FROM
	// RateLimits is on unless IDEARIO_RATE_LIMITS=off: load tests and
	// scans, which send thousands of requests from one account or
	// address, turn them off.
	RateLimits bool
	// Limits are the rate limits' figures (config/limits.go).
	Limits RateLimits
	// TrustedProxies (IDEARIO_TRUSTED_PROXIES: addresses or CIDR ranges,
	// comma-separated) are the reverse proxies whose X-Forwarded-For is
	// believed. With none, a client's address is the connection's, and
	// the header, which anyone can send, is ignored.
	TrustedProxies []*net.IPNet
	// ProfileAddr (IDEARIO_PROFILE_ADDR), when set, is a loopback address
	// where Go's profiler answers (/debug/pprof/), for an operator or the
	// benchmark to see where time and memory go. Off by default.
	ProfileAddr string

	rateLimits, proxies string // as given, for Validate
}

// Defaults are the settings used where nothing else is given.
var Defaults = Config{
	Addr:       ":8080",
	DB:         "sqlite:data/ideario.db",
	MailFrom:   "ideario@localhost",
	RateLimits: true,
	Limits:     DefaultRateLimits,
}

// FromEnv starts from the defaults and applies the environment, read
// through getenv (os.Getenv in main, a map in tests).
func FromEnv(getenv func(string) string) Config {
	c := Defaults
	set := func(dst *string, name string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	set(&c.Addr, "IDEARIO_ADDR")
	set(&c.DB, "IDEARIO_DB")
	set(&c.Secret, "IDEARIO_SECRET")
	set(&c.BaseURL, "IDEARIO_BASE_URL")
	set(&c.SMTPURL, "IDEARIO_SMTP_URL")
	set(&c.MailFrom, "IDEARIO_MAIL_FROM")
	c.rateLimits = strings.ToLower(strings.TrimSpace(getenv("IDEARIO_RATE_LIMITS")))
	c.RateLimits = c.rateLimits != "off"
	c.proxies = strings.TrimSpace(getenv("IDEARIO_TRUSTED_PROXIES"))
	set(&c.ProfileAddr, "IDEARIO_PROFILE_ADDR")
	return c
}

// ParseProxies reads a comma-separated list of addresses and CIDR ranges.
func ParseProxies(list string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			ip := net.ParseIP(item)
			if ip == nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR range", item)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR range", item)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

// Validate says what is wrong with the settings, all at once.
func (c *Config) Validate() error {
	var errs []error
	if !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, fmt.Errorf("IDEARIO_DB must be sqlite:PATH or a postgres:// URL, got %q", c.DB))
	}
	if c.BaseURL == "" {
		c.BaseURL = BaseURLFor(c.Addr)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("IDEARIO_BASE_URL must be an http(s) URL, got %q", c.BaseURL))
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if err := c.Limits.check(); err != nil {
		errs = append(errs, err)
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			errs = append(errs, fmt.Errorf("IDEARIO_SMTP_URL must look like smtp://user:pass@host:port, got %q", c.SMTPURL))
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		errs = append(errs, fmt.Errorf("IDEARIO_MAIL_FROM is not an email address: %q", c.MailFrom))
	}
	if c.rateLimits != "" && c.rateLimits != "on" && c.rateLimits != "off" {
		errs = append(errs, fmt.Errorf("IDEARIO_RATE_LIMITS must be on or off, got %q", c.rateLimits))
	}
	if c.proxies != "" {
		nets, err := ParseProxies(c.proxies)
		if err != nil {
			errs = append(errs, fmt.Errorf("IDEARIO_TRUSTED_PROXIES: %w", err))
		}
		c.TrustedProxies = nets
	}
	if c.ProfileAddr != "" && !loopback(c.ProfileAddr) {
		errs = append(errs, fmt.Errorf("IDEARIO_PROFILE_ADDR must be a loopback address such as 127.0.0.1:6060, got %q", c.ProfileAddr))
	}
	if c.Secret != "" && len(c.Secret) < 32 {
		errs = append(errs, errors.New("IDEARIO_SECRET must be at least 32 characters"))
	}
	return errors.Join(errs...)
}

// loopback tells whether addr is host:port on this machine alone: the
// profiler tells much about the server and must not face the network.
func loopback(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Secure tells whether the site is served over https, so cookies must be Secure.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// EnsureSecret fills Secret from the data folder, generating it there on
// first use, when IDEARIO_SECRET is not set.
func (c *Config) EnsureSecret(dataDir string) error {
	if c.Secret != "" {
		return nil
	}
	// The data folder is the operator's own setting, not a request's input.
	path := filepath.Join(dataDir, "secret.key")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 { //nolint:gosec // G304: see above
		c.Secret = strings.TrimSpace(string(b))
		return nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("config: secret: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return fmt.Errorf("config: secret: %w", err)
	}
	secret := hex.EncodeToString(raw)
	// O_EXCL: two instances starting at once must not each write their own.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // G304: the operator's data folder
	if errors.Is(err, os.ErrExist) {
		b, err := os.ReadFile(path) //nolint:gosec // G304: the operator's data folder
		if err != nil {
			return fmt.Errorf("config: secret: %w", err)
		}
		c.Secret = strings.TrimSpace(string(b))
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: secret: %w", err)
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		_ = f.Close() // the write's error is the one to report
		return fmt.Errorf("config: secret: %w", err)
	}
	// A failed close can mean the secret never reached the disk, and the
	// next start would make another, signing everyone out.
	if err := f.Close(); err != nil {
		return fmt.Errorf("config: secret: %w", err)
	}
	c.Secret = secret
	return nil
}

// BaseURLFor is the address a browser on this machine reaches a server
// listening on addr at: "http://localhost:8099" for ":8099", for links in
// pages and mail when IDEARIO_BASE_URL is not set. A server listening on
// every interface is reached at localhost.
func BaseURLFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		host, port = "", "8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
