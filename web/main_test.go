package web_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/ideario/ideario/i18n"
)

// TestMain lets the tests choose the pseudo-locale, and fails the run when
// any page, message or mail that a test reached asked for a message that
// the English file lacks: such text would read the same in every language.
func TestMain(m *testing.M) {
	i18n.EnablePseudo()
	i18n.RecordMissing()
	code := m.Run()
	if missing := i18n.Missing(); len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d messages are not in i18n/locales/en.toml:\n", len(missing))
		for _, msg := range missing {
			fmt.Fprintf(os.Stderr, "\t%q\n", msg)
		}
		code = 1
	}
	os.Exit(code)
}
