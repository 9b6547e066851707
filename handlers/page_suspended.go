package handlers

import "time"

// SuspensionNotice tells a suspended person, on every page, until when and
// why they may read but not post; it is empty for everyone else.
func (p Page) SuspensionNotice() string {
	if !p.User.Suspended(time.Now()) {
		return ""
	}
	return p.T("Your account is suspended until %s (reason: %s). You can read, but not post, vote or comment.",
		p.User.SuspendedUntil.UTC().Format(time.DateOnly), p.User.SuspendReason)
}
