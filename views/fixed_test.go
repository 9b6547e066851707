package views

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// decodeBlock reads what fixedEncoder.block wrote for buf[from:], with
// buf[:from] as the text before it, through Go's own deflate reader.
func decodeBlock(t *testing.T, buf []byte, from, gapFrom, gapTo int) []byte {
	t.Helper()
	var out bytes.Buffer
	e := fixedEncoder{out: &out}
	e.block(buf, from, gapFrom, gapTo)
	if e.nbits != 0 {
		t.Fatalf("the block ends %d bits into a byte", e.nbits)
	}
	out.Write(finalBlock)
	got, err := io.ReadAll(flate.NewReaderDict(&out, buf[:from]))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return got
}

func TestFixedBlocksDecodeToTheirText(t *testing.T) {
	card := `<div class="vote" data-vote><span class="vote-count">12</span><form method="post" action="/ideas/7/vote">` +
		`<input type="hidden" name="_csrf" value="tok"><button type="submit">Support</button></form></div>`
	noise := make([]byte, 3000)
	_, _ = rand.NewChaCha8([32]byte{1, 2}).Read(noise) // never fails
	cases := []struct {
		name           string
		before, text   string
		gapFrom, gapTo int
	}{
		{"empty", card, "", 0, 0},
		{"no history", "", card, 0, 0},
		{"copies from before", card + "<p>between</p>", strings.Replace(card, "12", "13", 1), 0, 0},
		{"with a gap", card + strings.Repeat("x", 2000), card, len(card) + 10, len(card) + 1500},
		{"long runs", "", strings.Repeat(" ", 5000) + strings.Repeat("ab", 700), 0, 0},
		{"every byte", string(noise[:1000]), string(noise), 0, 0},
		{"far history", strings.Repeat("q", 40000) + card, card + card, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			buf := []byte(tc.before + tc.text)
			if got := decodeBlock(t, buf, len(tc.before), tc.gapFrom, tc.gapTo); string(got) != tc.text {
				t.Fatalf("decoded %q, want %q", got, tc.text)
			}
		})
	}
}

func TestFixedBlocksCompressRepeatedSlots(t *testing.T) {
	slot := strings.Repeat(`<form method="post" action="/ideas/12/vote"><input type="hidden" name="_csrf" value="abc"></form>`, 1)
	buf := []byte(slot + "<p>card</p>" + slot)
	var out bytes.Buffer
	e := fixedEncoder{out: &out}
	e.block(buf, len(buf)-len(slot), 0, 0)
	if out.Len() > len(slot)/4 {
		t.Errorf("a slot like the one before it took %d bytes for %d", out.Len(), len(slot))
	}
}

// One encoder writes many blocks in a row, as for the slots of a page:
// what its table holds from a block before must never lead it astray.
func TestFixedBlocksInARow(t *testing.T) {
	var out bytes.Buffer
	e := fixedEncoder{out: &out}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 200 {
		text := make([]byte, rng.IntN(3000))
		for i := range text {
			text[i] = "<>/ abcdefgh"[rng.IntN(12)]
		}
		before := text[:rng.IntN(len(text)+1)]
		if n%50 == 0 {
			before = bytes.Repeat([]byte("z"), 70000) // a block longer than the table's step
		}
		buf := append(append([]byte{}, before...), text...)
		out.Reset()
		e.block(buf, len(before), 0, 0)
		out.Write(finalBlock)
		got, err := io.ReadAll(flate.NewReaderDict(&out, before))
		if err != nil || !bytes.Equal(got, text) {
			t.Fatalf("block %d: %v, decoded %d bytes for %d", n, err, len(got), len(text))
		}
	}
}

func FuzzFixedBlocks(f *testing.F) {
	f.Add([]byte("<p>hello</p>"), []byte("<p>hello again</p>"), uint16(0), uint16(0))
	f.Add([]byte{}, bytes.Repeat([]byte{0xff}, 600), uint16(3), uint16(9))
	f.Fuzz(func(t *testing.T, before, text []byte, a, b uint16) {
		buf := append(append([]byte{}, before...), text...)
		gapFrom, gapTo := min(int(a), len(before)), min(int(b), len(before))
		if got := decodeBlock(t, buf, len(before), gapFrom, gapTo); !bytes.Equal(got, text) {
			t.Fatalf("decoded %q, want %q", got, text)
		}
	})
}
