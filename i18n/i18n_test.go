package i18n

import "testing"

func TestCountries(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{{"BR", true}, {"FR", true}, {"PT", true}, {"ZZ", false}, {"EU", false}, {"br", false}, {"", false}, {"XK", false}}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := IsCountry(tt.code); got != tt.want {
				t.Errorf("IsCountry(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
	if got := CountryName("en", "BR"); got != "Brazil" {
		t.Errorf("CountryName(en, BR) = %q, want Brazil", got)
	}
	list := Countries("en")
	if len(list) < 240 || len(list) > 255 {
		t.Errorf("Countries lists %d countries, want about 249", len(list))
	}
	if list[0].Name != "Afghanistan" {
		t.Errorf("first country = %q, want Afghanistan (sorted by name)", list[0].Name)
	}
}

func TestT(t *testing.T) {
	if got := T("en", "%d ideas", 3); got != "3 ideas" {
		t.Errorf("T = %q", got)
	}
	if got := T("xx", "Hello"); got != "Hello" {
		t.Errorf("T with unknown locale = %q", got)
	}
}
