package views

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// A slot's content on a spliced page (see gzipped.go) is a few hundred
// bytes, most of them the same as in the slot before it. The deflate
// library builds Huffman tables for each block, which for twenty slots a
// page cost more than compressing the whole page once; and storing them
// as they are doubled the page's weight. So they are written here as
// deflate blocks with the fixed codes of RFC 1951 (section 3.2.6), which
// need no table, copying from the text just before them.

// fixedEncoder writes deflate blocks with the fixed Huffman codes.
type fixedEncoder struct {
	out   *bytes.Buffer
	acc   uint64 // bits not yet written, the first in the lowest bit
	nbits uint
	// table holds the last position of each hash of 4 bytes, plus base:
	// a value below base was written for another block.
	table [1 << fixedHashBits]uint32
	base  uint32
}

const (
	fixedHashBits = 12
	maxDistance   = 32768
	minMatch      = 4
	maxMatch      = 258
)

// Lengths 3 to 258 and distances 1 to 32768 as codes, each with a base
// and a number of extra bits (RFC 1951, 3.2.5).
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// put writes the n lowest bits of v.
func (e *fixedEncoder) put(v uint64, n uint) {
	e.acc |= v << e.nbits
	e.nbits += n
	for e.nbits >= 8 {
		e.out.WriteByte(byte(e.acc)) //nolint:gosec // G115: the lowest 8 bits, as meant
		e.acc >>= 8
		e.nbits -= 8
	}
}

// code writes a Huffman code of n bits, which go out first bit first.
func (e *fixedEncoder) code(c uint16, n uint) {
	e.put(uint64(bits.Reverse16(c)>>(16-n)), n)
}

// symbol writes a literal or length symbol (0 to 285) with its fixed code.
func (e *fixedEncoder) symbol(s int) {
	switch {
	case s < 144:
		e.code(uint16(0x30+s), 8) //nolint:gosec // G115: s < 144
	case s < 256:
		e.code(uint16(0x190+s-144), 9)
	case s < 280:
		e.code(uint16(s-256), 7)
	default:
		e.code(uint16(0xc0+s-280), 8) //nolint:gosec // G115: s < 288
	}
}

// copyOf writes a copy of length bytes from distance back.
func (e *fixedEncoder) copyOf(length, distance int) {
	i := 0
	for i < len(lengthBase)-1 && int(lengthBase[i+1]) <= length {
		i++
	}
	e.symbol(257 + i)
	e.put(uint64(length-int(lengthBase[i])), uint(lengthExtra[i])) //nolint:gosec // G115: below 2^5
	d := 0
	for d < len(distBase)-1 && int(distBase[d+1]) <= distance {
		d++
	}
	e.code(uint16(d), 5)
	e.put(uint64(distance-int(distBase[d])), uint(distExtra[d])) //nolint:gosec // G115: below 2^13
}

// block writes buf[from:] as one block that is not the last, copying from
// anywhere in buf (the text before from is what the reader has just
// decoded), then an empty stored block so that the stream ends on a byte.
// Copies are looked for in buf[from:] and before it, in buf[:gapFrom] and
// buf[gapTo:from]: the text in the gap is not indexed, to keep the work
// small.
func (e *fixedEncoder) block(buf []byte, from, gapFrom, gapTo int) {
	if e.base > 1<<31 { // far from wrapping around
		clear(e.table[:])
		e.base = 0
	}
	e.base += 1 << 16 // beyond any position of the block before (its buf is below 64 KB)
	if len(buf) >= 1<<16 {
		e.base += uint32(len(buf)) //nolint:gosec // G115: a slot and its history are far below 2^31
	}
	at := func(i int) uint32 { return e.base + uint32(i) } //nolint:gosec // G115: as above
	start := max(0, len(buf)-maxDistance)
	// Every fourth position of the text before: a copy of 7 bytes or more
	// from there is still found, at most 3 bytes into it.
	for i := start; i+minMatch <= from; i += 4 {
		if i >= gapFrom && i < gapTo {
			i = gapTo - 4
			continue
		}
		e.table[hash4(buf[i:])] = at(i)
	}
	e.put(1<<1, 3) // not the last block; fixed codes
	for i := from; i < len(buf); {
		if i+minMatch <= len(buf) {
			h := hash4(buf[i:])
			v := e.table[h]
			e.table[h] = at(i)
			cand := int(v - e.base)
			if v >= e.base && cand >= start && cand < i && i-cand <= maxDistance && binary.LittleEndian.Uint32(buf[cand:]) == binary.LittleEndian.Uint32(buf[i:]) {
				n := minMatch + matchLen(buf[cand+minMatch:], buf[i+minMatch:min(len(buf), i+maxMatch)])
				e.copyOf(n, i-cand)
				for k := i + 1; k < i+n && k+minMatch <= len(buf); k += 4 { // some of the copied positions, for later copies
					e.table[hash4(buf[k:])] = at(k)
				}
				i += n
				continue
			}
		}
		e.symbol(int(buf[i]))
		i++
	}
	e.symbol(256)         // the end of the block,
	e.put(0, 3)           // then an empty stored block, not the last,
	e.put(0, -e.nbits&7)  // from the next byte,
	e.put(0xffff0000, 32) // with its length 0 and that length's complement
}

// matchLen is how many bytes a and b have in common at their start, b
// being the shorter.
func matchLen(a, b []byte) int {
	n := 0
	for len(b)-n >= 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func hash4(b []byte) uint32 {
	return (binary.LittleEndian.Uint32(b) * 2654435761) >> (32 - fixedHashBits)
}
