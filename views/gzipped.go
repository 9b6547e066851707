package views

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/labstack/echo/v4"
)

// A signed-in reader's page holds their token and their buttons, so it is
// compressed for them alone; compressing all of it for each request cost
// as much as rendering it (docs/benchmarks.md, issue 14). Instead, the
// part and the frame around it (see Frame) are compressed once each, in
// pieces cut at their slots, and each reader's page is spliced from
// those pieces and its own few bytes.
//
// That works because a deflate stream is a run of blocks, and a block may
// copy from anywhere in the 32 KB of text before it, whatever block wrote
// that text. A part is compressed as one stream in which each slot is a
// run of 0xFF bytes as long as the slot's room, flushed at both ends of
// the run, so that every piece ends on a byte. A reader's page puts its
// own content of each slot between the pieces, padded to the same room,
// as stored (uncompressed) blocks: the pieces' copies keep their
// distances, and none copies from a slot, since UTF-8 text never holds
// the byte 0xFF (a part whose text is not valid UTF-8 is not spliced).
// The frame's pieces after its part start a stream afresh, so that they
// copy nothing from before a part whose length they cannot know.

// deflatedPart is a part compressed once for splicing.
type deflatedPart struct {
	pieces [][]byte // each segment of the part, compressed; nil: the part cannot be spliced
	room   []int    // how long each slot's content is, padded
}

// exact tells whether a slot takes no padding: a token, in an
// attribute's value, where a comment would be part of the value. Its
// room is the length of the token; a page whose token is not as long
// is not spliced.
func exact(s Slot) bool { return s.Kind == "token" }

// A slot's content longer than maxSlotRoom, or a page whose address is
// longer than maxSplicedPath (forms lead back to it from every slot), is
// not spliced: the page is compressed whole for its reader. So nobody can
// make every reader's slots padded to a room they chose, with a long
// address of junk.
const (
	maxSlotRoom    = 4 << 10
	maxSplicedPath = 512
)

// slotSlack is the room a slot gets beyond the longest content its kind
// was seen with, for the next readers' (a count with a digit more, a
// longer label in another state).
func slotSlack(n int) int { return max(48, n/4) }

// partCompressors compress parts, once each: at a level above the one
// used for each request, as the work is shared.
var partCompressors = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, 6) // the level is valid
	return w
}}

// unmatched stands for the slots in a part's compressed text.
var unmatched = bytes.Repeat([]byte{0xff}, 1024)

// deflate compresses the part with room for each slot.
func (p *Part) deflate(room []int) *deflatedPart {
	d := &deflatedPart{room: room}
	for _, seg := range p.segs {
		if !utf8.ValidString(seg) {
			return d
		}
	}
	w, ok := partCompressors.Get().(*flate.Writer)
	if !ok {
		return d
	}
	defer partCompressors.Put(w)
	var buf bytes.Buffer
	w.Reset(&buf)
	pieces := make([][]byte, len(p.segs))
	for i, seg := range p.segs {
		// Writes to a bytes.Buffer do not fail; the compressor's errors are its writer's.
		_, _ = io.WriteString(w, seg)
		_ = w.Flush()
		pieces[i] = bytes.Clone(buf.Bytes())
		buf.Reset()
		if i == len(room) {
			break
		}
		if p.slots[i].Kind == "part" { // a frame's part: what follows it copies nothing from before it
			w.Reset(&buf)
			continue
		}
		for n := room[i]; n > 0; n -= len(unmatched) {
			_, _ = w.Write(unmatched[:min(n, len(unmatched))])
		}
		_ = w.Flush()
		buf.Reset() // the slot's own stand-in, never sent
	}
	d.pieces = pieces
	return d
}

// deflated is the part compressed with room for the slot contents
// lengths, compressing it (again) when it has none yet or when one of
// them does not fit. While one request compresses it, the others find
// none (nil pieces) and compress their page whole, rather than all
// compress the same part at once.
func (p *Part) deflated(r *Renderer, lengths []int) *deflatedPart {
	d := p.packed.Load()
	fits := d != nil
	for i := 0; fits && i < len(lengths); i++ {
		fits = lengths[i] == d.room[i] || lengths[i] < d.room[i] && !exact(p.slots[i])
	}
	if fits {
		return d
	}
	for _, n := range lengths {
		if n > maxSlotRoom {
			return &deflatedPart{}
		}
	}
	if !p.packing.CompareAndSwap(false, true) {
		return &deflatedPart{}
	}
	defer p.packing.Store(false)
	room := make([]int, len(lengths))
	for i, n := range lengths {
		switch {
		case p.slots[i].Kind == "part":
			continue
		case exact(p.slots[i]):
			room[i] = n
			continue
		}
		longest := r.longestSlot(p.slots[i].Kind, n)
		room[i] = longest + slotSlack(longest)
	}
	d = p.deflate(room)
	p.packed.Store(d)
	return d
}

// longestSlot is the longest content seen in a slot of kind, n included.
func (r *Renderer) longestSlot(kind string, n int) int {
	v, _ := r.slotLengths.LoadOrStore(kind, new(atomic.Int64))
	longest, _ := v.(*atomic.Int64)
	for {
		old := longest.Load()
		if int64(n) <= old || longest.CompareAndSwap(old, int64(n)) {
			return int(max(old, int64(n)))
		}
	}
}

// splice is the scratch of one spliced page.
type splice struct {
	slots   bytes.Buffer // the slots' contents, one after another
	lengths []int
	plain   []byte // the text being written or checked
	prev    []byte // the content of the slot before, padded
	enc     fixedEncoder
	crc     uint32
	size    uint32 // the text's length, modulo 2^32 as gzip wants it
}

var splices = sync.Pool{New: func() any { return new(splice) }}

// gzipHeader starts a gzip member: deflate, no name, no time, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// RenderGzipped renders a signed-in reader's page around a part (see
// SharedPart) into out, compressed with gzip, as Render would write it
// save for padding inside HTML comments after some of its slots. For
// any other page, a page whose frame is the reader's alone, or a part
// that cannot be spliced, it writes nothing and returns false: the
// caller renders the page with Render.
func (r *Renderer) RenderGzipped(out *bytes.Buffer, name string, data any, c echo.Context) (bool, error) {
	holder, ok := data.(partHolder)
	if !ok || !holder.sharedPart().Parted() || !holder.sharedPart().Reader.Member() ||
		len(holder.sharedPart().Reader.Path) > maxSplicedPath {
		return false, nil
	}
	shared := holder.sharedPart()
	if shared.Frame.Key == "" { // rendered for its reader alone: not spliced, nor rendered twice
		return false, nil
	}
	frame, framed, err := r.skeleton(name, data, c)
	if !framed || err != nil {
		return false, err
	}
	sp, ok := splices.Get().(*splice)
	if !ok {
		sp = new(splice)
	}
	defer func() {
		if cap(sp.plain) <= 1<<20 && sp.slots.Cap() <= 1<<20 { // a rare huge page is not kept
			splices.Put(sp)
		}
	}()
	sp.slots.Reset()
	sp.lengths = sp.lengths[:0]
	for _, s := range frame.slots {
		if err := sp.fill(s, func(w io.Writer, s Slot) error {
			if s.Kind == "part" {
				return nil
			}
			return r.writeFrameSlot(w, s, shared)
		}); err != nil {
			return false, err
		}
	}
	frameSlots := len(sp.lengths)
	fill := shared.Part.filler(r, &shared.Reader)
	for _, s := range shared.Part.slots {
		if err := sp.fill(s, fill); err != nil {
			return false, err
		}
	}
	fd, pd := frame.deflated(r, sp.lengths[:frameSlots]), shared.Part.deflated(r, sp.lengths[frameSlots:])
	if fd.pieces == nil || pd.pieces == nil {
		return false, nil
	}
	sp.crc, sp.size, sp.prev = 0, 0, sp.prev[:0]
	out.Write(gzipHeader)
	contents := sp.slots.Bytes()
	next := func(i int) []byte {
		c := contents[:sp.lengths[i]]
		contents = contents[sp.lengths[i]:]
		return c
	}
	for i, piece := range fd.pieces {
		out.Write(piece)
		sp.check(frame.segs[i])
		if i == len(fd.room) {
			break
		}
		content := next(i)
		if frame.slots[i].Kind != "part" {
			sp.slot(out, content, fd.room[i], frame.segs[i])
			continue
		}
		sp.prev = sp.prev[:0] // the part copies nothing from before it
		for k, piece := range pd.pieces {
			out.Write(piece)
			sp.check(shared.Part.segs[k])
			if k < len(pd.room) {
				sp.slot(out, next(frameSlots+k), pd.room[k], shared.Part.segs[k])
			}
		}
		sp.prev = sp.prev[:0]
	}
	out.Write(finalBlock)
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], sp.crc)
	binary.LittleEndian.PutUint32(trailer[4:], sp.size)
	out.Write(trailer[:])
	return true, nil
}

// fill writes a slot's content after the others, and notes its length.
func (sp *splice) fill(s Slot, fill func(io.Writer, Slot) error) error {
	before := sp.slots.Len()
	err := fill(&sp.slots, s)
	sp.lengths = append(sp.lengths, sp.slots.Len()-before)
	return err
}

// finalBlock ends a deflate stream: an empty stored block marked last.
var finalBlock = []byte{1, 0, 0, 0xff, 0xff}

// check counts text that goes out already compressed.
func (sp *splice) check(text string) {
	sp.plain = append(sp.plain[:0], text...)
	sp.sum(sp.plain)
}

// sum adds text to the checksum and length of the page.
func (sp *splice) sum(text []byte) {
	sp.crc = crc32.Update(sp.crc, crc32.IEEETable, text)
	sp.size += uint32(len(text)) //nolint:gosec // G115: gzip keeps the length modulo 2^32
}

// gapAt is how much of the text before a slot is indexed for its copies
// beside the slot before: the end of the segment between them.
const gapAt = 256

// slot writes a slot's content padded to its room as a block of its own
// (see fixedEncoder), copying from the segment before it and the slot
// before that.
func (sp *splice) slot(out *bytes.Buffer, content []byte, room int, before string) {
	sp.plain = sp.plain[:0]
	if len(sp.prev)+len(before) < maxDistance {
		sp.plain = append(sp.plain, sp.prev...)
	}
	gapFrom := len(sp.plain)
	sp.plain = append(sp.plain, before[max(0, len(before)-maxDistance+len(sp.plain)):]...)
	from := len(sp.plain)
	sp.plain = pad(append(sp.plain, content...), room-len(content))
	sp.enc.out = out
	sp.enc.block(sp.plain, from, gapFrom, max(gapFrom, from-gapAt))
	sp.prev = append(sp.prev[:0], sp.plain[from:]...)
	sp.sum(sp.prev)
}

// pad appends n bytes that show nothing: an HTML comment, or spaces when
// n is too short for one.
func pad(b []byte, n int) []byte {
	const open, end = "<!--", "-->"
	if n < len(open)+len(end) {
		return spaces(b, n)
	}
	b = spaces(append(b, open...), n-len(open)-len(end))
	return append(b, end...)
}

func spaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}
