package reports

import "strings"

// Neutralize keeps a spreadsheet from running text as a formula: text
// that starts with =, +, -, @, a tab or a carriage return gets a leading
// single quote (OWASP's advice for CSV injection). Other text is unchanged.
func Neutralize(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
