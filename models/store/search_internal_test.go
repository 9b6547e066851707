package store

import (
	"encoding/binary"
	"testing"
)

// matchinfo encodes values as FTS4's matchinfo does: native 32-bit words.
func matchinfo(values ...uint32) []byte {
	b := make([]byte, 4*len(values))
	for i, v := range values {
		binary.NativeEndian.PutUint32(b[4*i:], v)
	}
	return b
}

func TestBM25(t *testing.T) {
	// One phrase, two columns (title, body), 100 rows, average lengths
	// 10 and 100; then this row's lengths and its hits per column.
	row := func(titleLen, bodyLen, titleHits, bodyHits uint32) []byte {
		return matchinfo(1, 2, 100, 10, 100, titleLen, bodyLen, titleHits, bodyHits)
	}
	inTitle := bm25(row(10, 100, 1, 0), 3, 1)
	inBody := bm25(row(10, 100, 0, 1), 3, 1)
	thrice := bm25(row(10, 100, 0, 3), 3, 1)
	longBody := bm25(row(10, 1000, 0, 1), 3, 1)
	switch {
	case !(inTitle > inBody):
		t.Errorf("a word in the title (%v) ranks no higher than in the body (%v)", inTitle, inBody)
	case !(thrice > inBody):
		t.Errorf("three mentions (%v) rank no higher than one (%v)", thrice, inBody)
	case !(thrice < 3*inBody):
		t.Errorf("three mentions (%v) count as much as three ideas with one (%v)", thrice, inBody)
	case !(longBody < inBody):
		t.Errorf("a word in a long body (%v) ranks no lower than in a short one (%v)", longBody, inBody)
	}
	for _, bad := range [][]byte{nil, {1, 2, 3}, matchinfo(1, 2, 100), matchinfo(5, 2, 100, 1, 1, 1, 1, 1)} {
		if got := bm25(bad); got != 0 {
			t.Errorf("bm25(%v) = %v, want 0", bad, got)
		}
	}
}
