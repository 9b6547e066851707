// Package models is the domain, gathered: Open connects to the database
// (package store) and hands out the store of each part of the domain, so
// that the web app and the commands reach all of it through one value.
//
// Each part lives in a package of its own beside this one, named for what
// it holds: accounts, audit, notifications, site, ratelimit, outbox,
// images, challenges, reputation, ideas, comments, votes, moderation,
// reporting, bulk and recount. A part may use the parts listed before it,
// never one after; all of them stand on store (the database), and some on
// the two helpers passwords and slug.
package models

import (
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/bulk"
	"github.com/ideario/ideario/models/challenges"
	"github.com/ideario/ideario/models/comments"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/models/moderation"
	"github.com/ideario/ideario/models/notifications"
	"github.com/ideario/ideario/models/outbox"
	"github.com/ideario/ideario/models/ratelimit"
	"github.com/ideario/ideario/models/recount"
	"github.com/ideario/ideario/models/reporting"
	"github.com/ideario/ideario/models/reputation"
	"github.com/ideario/ideario/models/site"
	"github.com/ideario/ideario/models/store"
	"github.com/ideario/ideario/models/votes"
)

// Store is the database with every part of the domain's store over it.
type Store struct {
	*store.Store

	Accounts      *accounts.Store
	Audit         *audit.Store
	Notifications *notifications.Store
	Site          *site.Store
	Limits        *ratelimit.Store
	Outbox        *outbox.Store
	Images        *images.Store
	Challenges    *challenges.Store
	Reputation    *reputation.Store
	Ideas         *ideas.Store
	Comments      *comments.Store
	Votes         *votes.Store
	Moderation    *moderation.Store
	Reporting     *reporting.Store
	Bulk          *bulk.Store
	Recount       *recount.Store
}

// Open connects to the database named by a URL ("sqlite:PATH" or
// "postgres://...", see store.Open) and builds every part's store over it.
func Open(dbURL string) (*Store, error) {
	db, err := store.Open(dbURL)
	if err != nil {
		return nil, err
	}
	return &Store{
		Store:         db,
		Accounts:      accounts.Of(db),
		Audit:         audit.Of(db),
		Notifications: notifications.Of(db),
		Site:          site.Of(db),
		Limits:        ratelimit.Of(db),
		Outbox:        outbox.Of(db),
		Images:        images.Of(db),
		Challenges:    challenges.Of(db),
		Reputation:    reputation.Of(db),
		Ideas:         ideas.Of(db),
		Comments:      comments.Of(db),
		Votes:         votes.New(db),
		Moderation:    moderation.Of(db),
		Reporting:     reporting.Of(db),
		Bulk:          bulk.Of(db),
		Recount:       recount.Of(db),
	}, nil
}

// Close finishes the votes under way, then closes the database.
func (s *Store) Close() error {
	s.Votes.Close()
	return s.Store.Close()
}
