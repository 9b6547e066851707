package slug

import (
	"strconv"
	"strings"

	"github.com/ideario/ideario/markdown"
)

// Handle is the handle a display name suggests, accents folded and
// everything else that is not a letter or a digit made an underscore:
// "João Gonçalves" becomes "joao_goncalves". It is "" when the name has
// too few usable letters, or would take the form kept for FallbackHandle.
func Handle(name string) string {
	h := strings.ReplaceAll(Slugify(name, markdown.HandleMax), "-", "_")
	if len(h) < markdown.HandleMin || IsFallbackHandle(h) {
		return ""
	}
	return h
}

// NumberedHandle is base with the number n after it, cut so that the
// whole fits: NumberedHandle("ana_silva", 2) is "ana_silva_2". The
// underscore keeps it from ever taking the FallbackHandle form.
func NumberedHandle(base string, n int) string {
	suffix := "_" + strconv.Itoa(n)
	if len(base)+len(suffix) > markdown.HandleMax {
		base = strings.TrimRight(base[:markdown.HandleMax-len(suffix)], "_")
	}
	return base + suffix
}

// FallbackHandle is the handle of the account id when its name gives
// none: "user42". Only that account may hold it, so it is always free.
func FallbackHandle(id int64) string { return "user" + strconv.FormatInt(id, 10) }

// IsFallbackHandle tells whether h has FallbackHandle's form ("user"
// and digits), which nobody may choose but the account it names.
func IsFallbackHandle(h string) bool {
	digits := strings.TrimPrefix(h, "user")
	return len(digits) > 0 && len(digits) < len(h) && strings.Trim(digits, "0123456789") == ""
}
