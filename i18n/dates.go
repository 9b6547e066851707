package i18n

import (
	"strconv"
	"time"
)

// months are the short month names, translated as messages.
var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Date writes a day the way the language does ("7 Dec 2026",
// "7 de dez. de 2026", "7 déc. 2026"), in UTC.
func Date(locale string, t time.Time) string {
	t = t.UTC()
	// The order of day, month and year is itself a message, so that each
	// language puts them, and the words between them, where it wants.
	return T(locale, "%[1]s %[2]s %[3]s (day, month, year)",
		strconv.Itoa(t.Day()), T(locale, months[t.Month()-1]), strconv.Itoa(t.Year()))
}

// DateTime writes a day and a time of day (24-hour clock, UTC).
func DateTime(locale string, t time.Time) string {
	t = t.UTC()
	return T(locale, "%[1]s at %[2]s UTC", Date(locale, t), t.Format("15:04"))
}

// ShortDate writes a day without its year ("7 Dec", "7 déc."), in UTC.
func ShortDate(locale string, t time.Time) string {
	t = t.UTC()
	return T(locale, "%[1]s %[2]s (day, month)", strconv.Itoa(t.Day()), T(locale, months[t.Month()-1]))
}
