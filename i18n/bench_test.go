package i18n

import "testing"

// BenchmarkT is a message without arguments, the commonest call on a page.
func BenchmarkT(b *testing.B) {
	for b.Loop() {
		_ = T("pt-BR", "Share an idea")
	}
}

// BenchmarkTArgs is a message with a text and a number filled in.
func BenchmarkTArgs(b *testing.B) {
	for b.Loop() {
		_ = T("fr", "Please keep this to %d characters or fewer (it has %d).", 5000, 5001)
	}
}

// BenchmarkN is a message whose form depends on a count.
func BenchmarkN(b *testing.B) {
	for b.Loop() {
		_ = N("fr", "%d comments", 1234)
	}
}
