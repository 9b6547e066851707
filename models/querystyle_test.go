package models_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// inlineSQL finds a statement written inside a call to Raw or Exec.
var inlineSQL = regexp.MustCompile("\\.(Raw|Exec)\\(`([^`]*)`")

// TestLongStatementsAreNamed holds the domain to the rule of
// docs/decisions.md ("One way to query"): a statement of three lines or
// more is a named constant beside its function, not a literal inside the
// call.
func TestLongStatementsAreNamed(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path) //nolint:gosec // G304: the repository's own files
		if err != nil {
			return err
		}
		for _, m := range inlineSQL.FindAllSubmatchIndex(src, -1) {
			if lines := strings.Count(string(src[m[4]:m[5]]), "\n") + 1; lines >= 3 {
				line := strings.Count(string(src[:m[0]]), "\n") + 1
				t.Errorf("%s:%d: a statement of %d lines inside %s: name it", path, line, lines, src[m[2]:m[3]])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
