package markdown

// A handle is what an @mention names: HandleMin to HandleMax lower-case
// ASCII letters, digits and underscores. The mention's syntax is this
// package's; the accounts give out handles that fit it.
const (
	HandleMin = 3
	HandleMax = 30
)

// ValidHandle tells whether h has a handle's form: HandleMin to
// HandleMax lower-case ASCII letters, digits and underscores.
func ValidHandle(h string) bool {
	if len(h) < HandleMin || len(h) > HandleMax {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !IsHandleByte(h[i]) || h[i] >= 'A' && h[i] <= 'Z' {
			return false
		}
	}
	return true
}

// IsHandleByte tells whether b may appear in a handle once lower-cased:
// an ASCII letter, a digit or an underscore.
func IsHandleByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}
