package views

import (
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/ideario/ideario/cache"
)

// A frame is the layout around a part on a signed-in reader's page: the
// head, the menus, the footer. It is the same for everyone of one role
// who reads one address in one language but for two things, their token
// and their own menu; rendered whole for each request it cost a quarter
// of a signed-in page (docs/benchmarks.md, issue 14). So it is rendered
// once for all of them, with slots for those two, and kept.
const (
	frameTTL      = 30 * time.Second
	frameMaxBytes = 2 << 20
)

// A Frame is what a page model tells of the frame around its part.
type Frame struct {
	// Key is everything the frame shows but the reader's token and menu
	// (language, title, address, role): readers with one key share one
	// frame. Empty: the frame is rendered for the reader alone (a page
	// with messages for them, say).
	Key string
	// Data is the page model that renders it: its token is CSRFSlot and
	// its layout puts the slot "usernav" where the reader's menu goes.
	Data any
	// Menu is the version of the reader's menu, the fragment
	// "usernav-member" rendered from MenuData.
	Menu     string
	MenuData any
}

// Version joins what a fragment shows into its version, as the template
// function "version" does: a page model uses it for Frame.Menu.
func Version(parts ...any) string { return version(parts...) }

// frame is the kept frame for a page of a template, rendering and
// keeping it on a miss; nil when the page has none to share.
func (r *Renderer) frame(name string, f Frame) (*Part, error) {
	if f.Key == "" {
		return nil, nil
	}
	fr, pending, err := r.frames.Lookup(partKey{page: name, key: f.Key})
	if pending == nil {
		return fr, err
	}
	defer pending.Abandon()
	fr, err = r.cutFrame(name, f.Data)
	if err != nil {
		pending.Finish(nil, 0, err)
		return nil, err
	}
	pending.Finish(fr, fr.size, nil)
	return fr, nil
}

// cutFrame renders a frame and cuts it at its slots: the part, the menu,
// and each place of the token.
func (r *Renderer) cutFrame(name string, data any) (*Part, error) {
	p, err := r.renderCut(name, data)
	if err != nil {
		return nil, err
	}
	fr := &Part{size: p.size}
	for i, seg := range p.segs {
		pieces := strings.Split(seg, csrfSlot)
		for k, piece := range pieces {
			fr.segs = append(fr.segs, piece)
			if k < len(pieces)-1 {
				fr.slots = append(fr.slots, Slot{Kind: "token"})
			}
		}
		if i < len(p.slots) {
			fr.slots = append(fr.slots, p.slots[i])
		}
	}
	return fr, nil
}

// writeFrameSlot writes what a slot of a frame shows the reader: their
// token, their menu, or the part with its own slots filled.
func (r *Renderer) writeFrameSlot(w io.Writer, s Slot, shared *SharedPart) error {
	switch s.Kind {
	case "token":
		_, err := io.WriteString(w, template.HTMLEscapeString(shared.Reader.Token))
		return err
	case "usernav":
		f := shared.Frame
		html, err := r.fragment("usernav-member", shared.Reader.Locale, f.Menu, func() any { return f.MenuData })
		if err != nil {
			return err
		}
		return WriteWithSlots(w, html, shared.Reader.Token, shared.Reader.Path)
	default:
		return shared.Part.writeFor(w, r, &shared.Reader)
	}
}

// addFrames puts the frames in g. A frame's key holds all it shows, so no
// change makes one wrong: they are only ever dropped for room, or after
// frameTTL.
func (r *Renderer) addFrames(g *cache.Group) { g.Add("frames", 0, r.frames) }
