package admin

import (
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/views"
)

// auditFieldText names, in English, each field that an audit entry's
// before and after states hold; pages translate it. A field missing here
// is shown by its code.
var auditFieldText = map[string]string{
	"status": "Status", "response": "Official response", "suspended_until": "Suspended until",
	"role": "Role", "pending": "Waiting for approval", "open_flags": "Open reports", "hidden": "Hidden",
	"hidden_reason": "Why it was hidden", "ideas_hidden": "Ideas hidden", "comments_hidden": "Comments hidden",
	"source_votes": "Votes of the duplicate", "target_votes": "Votes of the idea it joined",
	"source_comments": "Comments of the duplicate", "target_comments": "Comments of the idea it joined",
	"target_followers": "Followers of the idea it joined", "merged_into": "Merged into idea",
	"name": "Name", "slug": "Address", "description": "Description", "position": "Position",
	"title": "Title", "phase": "Phase", "ideation_at": "Ideas open from", "voting_at": "Voting from",
	"review_at": "In review from", "results_at": "Results from", "vote_budget": "Vote budget",
	"premoderate": "Pre-moderate new contributors", "cover_image_id": "Cover image", "category_ids": "Categories",
	"SiteName": "Site name", "WelcomeText": "Welcome text", "SignupOpen": "Sign-up is open",
	"RequireVerify": "Require a confirmed email address before posting", "FlagThreshold": "Flag threshold",
	"Premoderate": "Pre-moderate new contributors everywhere", "DefaultLocale": "Default language",
	"Welcomes": "Welcome text in other languages", "value": "Value",
}

// labelled are the fields whose values are codes with a name to
// translate: statuses, phases and roles.
var labelled = map[string]bool{"status": true, "phase": true, "role": true}

// translateChanges names each changed field, and the values that are
// codes or yes and no, in a language.
func translateChanges(locale string, changes []StateChange) []StateChange {
	value := func(key, v string) string {
		switch {
		case v == "true":
			return i18n.T(locale, "yes")
		case v == "false":
			return i18n.T(locale, "no")
		case labelled[key] && v != "":
			return i18n.T(locale, views.Label(v))
		case key == "DefaultLocale" && v != "":
			return i18n.Name(v)
		}
		return v
	}
	for i, c := range changes {
		if text, ok := auditFieldText[c.Key]; ok {
			changes[i].Key = i18n.T(locale, text)
		}
		changes[i].Before, changes[i].After = value(c.Key, c.Before), value(c.Key, c.After)
	}
	return changes
}
