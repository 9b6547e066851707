package views

import (
	"strconv"
	"strings"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/notifications"
)

// NoticeLine says what a notification tells, in a language: the same
// sentence in the app, in a mail and in a digest.
func NoticeLine(locale string, n notifications.Notification) string {
	actor := n.ActorName
	if actor == "" {
		actor = i18n.T(locale, "A moderator")
	}
	switch n.Kind {
	case notifications.KindReply:
		return i18n.T(locale, "%s replied to your comment on “%s”", actor, n.Text)
	case notifications.KindMention:
		return i18n.T(locale, "%s mentioned you in “%s”", actor, n.Text)
	case notifications.KindComment:
		return i18n.T(locale, "%s commented on “%s”", actor, n.Text)
	case notifications.KindStatus:
		if n.Detail == "" { // told before statuses were named
			return i18n.T(locale, "%s changed the status of “%s”", actor, n.Text)
		}
		return i18n.T(locale, "%s moved “%s” to %s", actor, n.Text, i18n.T(locale, Label(n.Detail)))
	case notifications.KindResponse:
		return i18n.T(locale, "%s gave an official response to “%s”", actor, n.Text)
	case notifications.KindMerge:
		if n.Detail == "" {
			return i18n.T(locale, "%s merged a duplicate into another idea: “%s”", actor, n.Text)
		}
		return i18n.T(locale, "%s merged “%s” into “%s”, where its supports and comments now are", actor, n.Text, n.Detail)
	case notifications.KindModeration:
		return moderationLine(locale, n)
	case notifications.KindQueue:
		if n.Text == notifications.QueueHeld {
			return i18n.N(locale, "%d new ideas wait for approval", n.Count)
		}
		return i18n.N(locale, "%d new reports wait for a moderator", n.Count)
	case notifications.KindBadge:
		return badgeLine(locale, n)
	}
	return n.Text
}

// moderationLine tells an author what a moderator decided; the detail is
// "idea:hidden", "comment:shown"...
func moderationLine(locale string, n notifications.Notification) string {
	switch n.Detail {
	case "idea:hidden":
		return i18n.T(locale, "A moderator hid your idea “%s”", n.Text)
	case "idea:shown":
		return i18n.T(locale, "A moderator restored your idea “%s”", n.Text)
	case "idea:approved":
		return i18n.T(locale, "Your idea “%s” was approved and is now public", n.Text)
	case "comment:hidden":
		return i18n.T(locale, "A moderator hid your comment on “%s”", n.Text)
	case "comment:shown":
		return i18n.T(locale, "A moderator restored your comment on “%s”", n.Text)
	}
	return i18n.T(locale, "A moderator reviewed your contribution to “%s”", n.Text)
}

// badgeLine announces a badge: Detail is the badge, Text the title of
// the idea that earned it.
func badgeLine(locale string, n notifications.Notification) string {
	name := i18n.T(locale, Label(n.Detail))
	if n.Text == "" {
		return i18n.T(locale, "You won the badge “%s”", name)
	}
	return i18n.T(locale, "You won the badge “%s” for “%s”", name, n.Text)
}

// NoticeQuote is the words a notification quotes (the start of a
// comment, of an official response), or "".
func NoticeQuote(n notifications.Notification) string { return n.Quote }

// NoticePath is where a notification leads, on the site.
func NoticePath(n notifications.Notification) string {
	switch {
	case n.Kind == notifications.KindQueue:
		return "/admin/moderation"
	case n.Kind == notifications.KindBadge:
		return "/users/" + strconv.FormatInt(n.UserID, 10)
	case n.CommentID != nil && !strings.HasSuffix(n.Detail, ":hidden"):
		return "/comments/" + strconv.FormatInt(*n.CommentID, 10)
	case n.IdeaID != nil:
		return "/ideas/" + strconv.FormatInt(*n.IdeaID, 10)
	}
	return "/notifications"
}

// kindLabels name the kinds of notification, in English, to translate.
var kindLabels = map[string]string{
	notifications.KindReply:      "Replies to my comments",
	notifications.KindMention:    "Mentions of me",
	notifications.KindComment:    "Comments on ideas I wrote or follow",
	notifications.KindStatus:     "New statuses of ideas I wrote, support or follow",
	notifications.KindResponse:   "Official responses to those ideas",
	notifications.KindMerge:      "Those ideas merged into others",
	notifications.KindModeration: "Moderators' decisions about what I wrote",
	notifications.KindBadge:      "Badges I win",
	notifications.KindQueue:      "Reports and held ideas waiting for moderators",
	notifications.KindTopIdeas:   "Top ideas in the challenges I follow",
}

// KindLabel is the English name of a kind of notification, to translate.
func KindLabel(kind string) string { return labelIn(kindLabels, kind) }

// deliveryLabels name the ways to hear of a kind.
var deliveryLabels = map[string]string{
	notifications.DeliveryApp:    "In the app only",
	notifications.DeliveryNow:    "By mail at once",
	notifications.DeliveryDaily:  "In a daily digest",
	notifications.DeliveryWeekly: "In a weekly digest",
	notifications.DeliveryOff:    "Not at all",
}

// DeliveryLabel is the English name of a way to hear of a kind.
func DeliveryLabel(delivery string) string { return labelIn(deliveryLabels, delivery) }
