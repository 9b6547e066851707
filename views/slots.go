package views

import (
	"html/template"
	"io"
	"strconv"

	"github.com/ideario/ideario/i18n"
)

// A SharedPart is a part on a page, with the reader it is filled for.
// Page models that show a part embed it: their template puts the slot
// "part" where the part goes ({{if .Parted}}{{slot "part" 0 0}}...), and
// Render writes the part there, each of its slots filled for Reader from
// the fragments below. A part is often most of the page; written straight
// to the response, it is not copied through the template engine.
type SharedPart struct {
	Part   *Part
	Reader Reader
	Frame  Frame // the layout around the part, when readers share it
}

// Parted tells whether the page shows a shared part, or is rendered whole
// for its reader.
func (sp *SharedPart) Parted() bool { return sp.Part != nil }

// sharedPart lets Render find the part in any page model that embeds a
// SharedPart.
func (sp *SharedPart) sharedPart() *SharedPart { return sp }

type partHolder interface{ sharedPart() *SharedPart }

// A Reader is what the slots of a shared part show the person reading
// it: the page model says it, and views fills the slots from it.
type Reader struct {
	Locale string
	UserID int64  // 0 for a visitor
	Token  string // their CSRF token, for a signed-in reader
	Path   string // the page's address, where forms lead back to

	Voted map[int64]bool // the ideas they support, of those shown
	// Votes are the vote counts of the ideas shown, as they are now: the
	// part may be a second older than the last votes (see
	// cache.Group.AddLagging), a count here is not. An idea missing here
	// shows the count the part was rendered with.
	Votes map[int64]int

	// On an idea's page.
	IdeaPath    string // the idea's address
	CanVote     bool   // the idea takes votes
	IdeaActions string // the buttons under the idea: "edit", "report", "reported" or ""
	FlagReasons any    // the choices of the report form
	Following   bool
	VotesLeft   int // in the idea's challenge; below 0, no budget line
	Budget      int // the challenge's votes per person
	// ReportedComments are the comments they reported.
	ReportedComments map[int64]bool
}

// Member tells whether the reader is signed in.
func (rd *Reader) Member() bool { return rd.UserID != 0 }

// stampKey names a filled slot's fragment, kept in its part.
type stampKey struct{ name, version string }

// writeFor writes the part with its slots filled for rd.
func (p *Part) writeFor(w io.Writer, r *Renderer, rd *Reader) error {
	return p.WriteTo(w, p.filler(r, rd))
}

// filler writes what each slot of the part shows rd.
func (p *Part) filler(r *Renderer, rd *Reader) func(io.Writer, Slot) error {
	token, back := "", template.HTMLEscapeString(rd.Path) // escaped once for all the slots
	if rd.Member() {
		token = template.HTMLEscapeString(rd.Token)
	}
	return func(w io.Writer, s Slot) error {
		name, version, data := slotFragment(rd, s)
		if name == "" {
			return nil
		}
		if !rd.Member() { // a visitor's fragments hold the page's address: not kept in the part
			html, err := r.fragment(name, rd.Locale, version, data)
			if err != nil {
				return err
			}
			return NewStamp(html).Write(w, token, back)
		}
		k := stampKey{name: name, version: version}
		if st, ok := p.stamps.Load(k); ok {
			return st.(*Stamp).Write(w, token, back)
		}
		html, err := r.fragment(name, rd.Locale, version, data)
		if err != nil {
			return err
		}
		st := NewStamp(html)
		p.stamps.Store(k, st)
		return st.Write(w, token, back)
	}
}

// slotFragment says which fragment fills slot s for rd: its template,
// its version (everything it shows but the token and the address) and
// its data. No name means the slot stays empty.
func slotFragment(rd *Reader, s Slot) (name, ver string, data func() any) {
	member, l := rd.Member(), rd.Locale
	switch s.Kind {
	case "vote", "vote-head": // ID the idea, N its votes when the part was rendered
		open := s.Kind == "vote" || rd.CanVote
		if n, ok := rd.Votes[s.ID]; ok {
			s.N = int64(n)
		}
		if !member {
			return "vote-card-anon", version(s.ID, s.N, open, rd.Path), func() any {
				return map[string]any{"L": l, "ID": s.ID, "Votes": s.N, "Voted": false, "Open": open, "Member": false, "Back": rd.Path}
			}
		}
		voted := rd.Voted[s.ID]
		return "vote-card-" + strconv.FormatBool(voted), version(s.ID, s.N, open), func() any {
			return map[string]any{"L": l, "ID": s.ID, "Votes": s.N, "Voted": voted, "Open": open, "Member": true,
				"Token": CSRFSlot, "Back": BackSlot}
		}
	case "idea-actions": // ID the idea
		if rd.IdeaActions == "" {
			return "", "", nil
		}
		return "idea-actions-" + rd.IdeaActions, version(s.ID), func() any {
			return map[string]any{"L": l, "ID": s.ID, "Variant": rd.IdeaActions, "Token": CSRFSlot,
				"Reasons": rd.FlagReasons, "Open": false}
		}
	case "follow": // ID the idea
		if !member {
			return "follow-anon", version(s.ID, rd.Path), func() any {
				return map[string]any{"L": l, "ID": s.ID, "Member": false, "Back": rd.Path}
			}
		}
		return "follow-" + strconv.FormatBool(rd.Following), version(s.ID), func() any {
			return map[string]any{"L": l, "ID": s.ID, "Member": true, "Following": rd.Following, "Token": CSRFSlot}
		}
	case "budget":
		if rd.VotesLeft < 0 {
			return "", "", nil
		}
		return "budget-line", version(rd.VotesLeft, rd.Budget), func() any {
			return map[string]any{"L": l, "Left": rd.VotesLeft, "Budget": rd.Budget}
		}
	case "comment-form": // ID the idea
		if !member {
			return "join-box", version(rd.Path), func() any { return map[string]any{"L": l, "Back": rd.Path} }
		}
		return "comment-form-new", version(s.ID), func() any {
			return map[string]any{"P": formPage{Locale: l, Idea: formIdea{ID: s.ID, Path: rd.IdeaPath}}, "Parent": int64(0)}
		}
	case "comment-actions": // ID the comment, N its author
		if !member {
			return "", "", nil
		}
		variant := "other"
		switch {
		case rd.UserID == s.N:
			variant = "own"
		case rd.ReportedComments[s.ID]:
			variant = "reported"
		}
		return "comment-actions-" + variant, version(s.ID, false), func() any {
			return map[string]any{"L": l, "ID": s.ID, "Hidden": false, "URL": rd.IdeaPath, "Token": CSRFSlot, "Variant": variant}
		}
	}
	return "", "", nil
}

// formPage is the page data of an empty comment form in a fragment: the
// comment-form template reads these of the idea's page.
type formPage struct {
	Locale string
	Idea   formIdea
	Errors map[string]string // none: the form is empty
	Form   map[string]string
}

func (f formPage) T(msg string, args ...any) string { return i18n.T(f.Locale, msg, args...) }
func (f formPage) CSRF() string                     { return CSRFSlot }

// formIdea is the idea a fragment's comment form posts to.
type formIdea struct {
	ID   int64
	Path string
}

func (i formIdea) URL() string { return i.Path }
