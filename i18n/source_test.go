package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// callPatterns find the messages the code asks for by their literal
// English: in templates .T, .N, tr and trn; in Go the translating calls of
// the handlers, the web package, the reports and this package.
var callPatterns = map[string][]*regexp.Regexp{
	".html": {
		regexp.MustCompile(`(?:\.T|\.N|\btr \S+|\btrn \S+) ("(?:[^"\\]|\\.)*")`),
	},
	".txt": {
		regexp.MustCompile(`(?:\.T|\.N|\btr \S+|\btrn \S+) ("(?:[^"\\]|\\.)*")`),
	},
	".go": {
		regexp.MustCompile(`\b(?:T|TN|Translate)\(c, ("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bi18n\.[TN]\([^,()]+, ("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bv\.Add\("[^"]*", ("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bp\.[TN]\(("(?:[^"\\]|\\.)*")`),
	},
}

// TestEveryMessageOfTheSourceIsInEnglish reads the templates and the Go
// code for the messages they ask for by their literal text: each must be
// in en.toml (and so, by TestCatalogsComplete, in every language). The web
// tests catch the messages asked for through variables, as pages ask for
// them.
func TestEveryMessageOfTheSourceIsInEnglish(t *testing.T) {
	en := Messages(Default)
	found := 0
	for _, dir := range []string{"../views", "../handlers", "../web", "../reports", "../mail"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
				return err
			}
			patterns := callPatterns[filepath.Ext(path)]
			if patterns == nil {
				return nil
			}
			src, err := os.ReadFile(path) //nolint:gosec // G304: the repository's own files
			if err != nil {
				return err
			}
			for _, re := range patterns {
				for _, m := range re.FindAllStringSubmatch(string(src), -1) {
					msg, err := strconv.Unquote(m[1])
					if err != nil {
						t.Errorf("%s: %s does not read as a string", path, m[1])
						continue
					}
					found++
					if _, ok := en[msg]; !ok {
						t.Errorf("%s asks for %q, which en.toml lacks", path, msg)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if found < 500 {
		t.Errorf("only %d messages found in the source: did the calls change shape?", found)
	}
}
