package notifications

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"
)

// What a mail's one-click unsubscribe stops, besides a kind's name.
const (
	ScopeAll    = "all"    // every mail
	ScopeDaily  = "daily"  // the daily digest
	ScopeWeekly = "weekly" // the weekly digest
)

// Token signs a person's link to their preferences, and to stop the mail
// of scope (a kind, or a Scope), for mail: it works without logging in,
// from any device the mail is read on, and never expires, as unsubscribe
// links must not. Only the secret's holder can make one.
func Token(secret string, userID int64, scope string) string {
	payload := strconv.FormatInt(userID, 10) + "." + scope
	return payload + "." + sign(secret, payload)
}

// ParseToken gives the person and scope of a token Token made with the
// same secret; ok is false for anything else.
func ParseToken(secret, token string) (userID int64, scope string, ok bool) {
	payload, mac, found := strings.Cut(token, ".")
	if !found {
		return 0, "", false
	}
	scope, mac, found = strings.Cut(mac, ".")
	if !found {
		return 0, "", false
	}
	payload += "." + scope
	if subtle.ConstantTimeCompare([]byte(mac), []byte(sign(secret, payload))) != 1 {
		return 0, "", false
	}
	id, err := strconv.ParseInt(payload[:strings.IndexByte(payload, '.')], 10, 64)
	if err != nil || id <= 0 || !validScope(scope) {
		return 0, "", false
	}
	return id, scope, true
}

func sign(secret, payload string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte("ideario unsubscribe\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

func validScope(scope string) bool {
	if scope == ScopeAll || scope == ScopeDaily || scope == ScopeWeekly {
		return true
	}
	_, ok := KindNamed(scope)
	return ok
}
