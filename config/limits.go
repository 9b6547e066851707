package config

import (
	"fmt"
	"time"
)

// RateLimit is one rate limit's figures: at most Max in Window; past it a
// wait of Wait, twice as long each time it happens again, up to MaxWait.
type RateLimit struct {
	Max                   int
	Window, Wait, MaxWait time.Duration
}

// RateLimits are the site's rate limits. Log-in counts failures only, per
// account and per address; sign-up and password reset count every
// request; an address may be a school's or an office's shared one, so its
// limits are higher than an account's. Posting is limited per person, less
// for a newcomer (an account younger than a day: spam comes from fresh
// accounts); moderators and admins are not limited.
type RateLimits struct {
	LoginAccount, LoginAddress, SignupAddress, ResetAccount, ResetAddress RateLimit

	Idea, IdeaNewcomer       RateLimit
	Comment, CommentNewcomer RateLimit
	Vote, VoteNewcomer       RateLimit
	Flag, FlagNewcomer       RateLimit
}

// DefaultRateLimits are the limits a site runs with.
var DefaultRateLimits = RateLimits{
	LoginAccount:  RateLimit{Max: 5, Window: 15 * time.Minute, Wait: time.Minute, MaxWait: time.Hour},
	LoginAddress:  RateLimit{Max: 30, Window: 15 * time.Minute, Wait: 5 * time.Minute, MaxWait: time.Hour},
	SignupAddress: RateLimit{Max: 20, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 24 * time.Hour},
	ResetAccount:  RateLimit{Max: 3, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 24 * time.Hour},
	ResetAddress:  RateLimit{Max: 10, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 24 * time.Hour},

	Idea:            RateLimit{Max: 10, Window: time.Hour, Wait: 10 * time.Minute, MaxWait: 6 * time.Hour},
	IdeaNewcomer:    RateLimit{Max: 3, Window: time.Hour, Wait: 30 * time.Minute, MaxWait: 12 * time.Hour},
	Comment:         RateLimit{Max: 30, Window: 10 * time.Minute, Wait: 5 * time.Minute, MaxWait: 6 * time.Hour},
	CommentNewcomer: RateLimit{Max: 10, Window: 10 * time.Minute, Wait: 10 * time.Minute, MaxWait: 12 * time.Hour},
	Vote:            RateLimit{Max: 60, Window: time.Minute, Wait: time.Minute, MaxWait: time.Hour},
	VoteNewcomer:    RateLimit{Max: 30, Window: time.Minute, Wait: 2 * time.Minute, MaxWait: 2 * time.Hour},
	Flag:            RateLimit{Max: 20, Window: time.Hour, Wait: 15 * time.Minute, MaxWait: 12 * time.Hour},
	FlagNewcomer:    RateLimit{Max: 5, Window: time.Hour, Wait: 30 * time.Minute, MaxWait: 24 * time.Hour},
}

// check tells what is wrong with the limits: every one must let something
// through and make a wait.
func (l RateLimits) check() error {
	for name, r := range map[string]RateLimit{"LoginAccount": l.LoginAccount, "LoginAddress": l.LoginAddress,
		"SignupAddress": l.SignupAddress, "ResetAccount": l.ResetAccount, "ResetAddress": l.ResetAddress,
		"Idea": l.Idea, "IdeaNewcomer": l.IdeaNewcomer, "Comment": l.Comment, "CommentNewcomer": l.CommentNewcomer,
		"Vote": l.Vote, "VoteNewcomer": l.VoteNewcomer, "Flag": l.Flag, "FlagNewcomer": l.FlagNewcomer} {
		if r.Max <= 0 || r.Window <= 0 || r.Wait <= 0 || r.MaxWait < r.Wait {
			return fmt.Errorf("the rate limit %s is not set: %+v", name, r)
		}
	}
	return nil
}
