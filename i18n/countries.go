package i18n

import (
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Country is an ISO 3166-1 alpha-2 code with its name in one language.
type Country struct {
	Code, Name string
}

var (
	countryOnce  sync.Once
	countryCodes map[string]bool
	countryList  []string
)

// iso3166 holds the 249 officially assigned ISO 3166-1 alpha-2 codes;
// x/text knows more (deprecated and reserved codes), so the list is kept here.
const iso3166 = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE " +
	"BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD " +
	"CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
	"DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF " +
	"GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
	"KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
	"MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA " +
	"NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
	"PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI " +
	"SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK " +
	"TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
	"VN VU WF WS YE YT ZA ZM ZW"

func loadCountries() {
	countryList = strings.Fields(iso3166)
	countryCodes = make(map[string]bool, len(countryList))
	for _, code := range countryList {
		countryCodes[code] = true
	}
}

// IsCountry tells whether code is an ISO 3166-1 alpha-2 country code.
func IsCountry(code string) bool {
	countryOnce.Do(loadCountries)
	return countryCodes[code]
}

// CountryName is a country's name in a language, or the code itself.
func CountryName(locale, code string) string {
	if !IsCountry(code) {
		return code
	}
	tag := language.Make(locale)
	if name := display.Regions(tag).Name(language.MustParseRegion(code)); name != "" {
		return name
	}
	return code
}

// Countries lists every country, sorted by its name in the language.
func Countries(locale string) []Country {
	countryOnce.Do(loadCountries)
	out := make([]Country, len(countryList))
	for i, code := range countryList {
		out[i] = Country{Code: code, Name: CountryName(locale, code)}
	}
	coll := collate.New(language.Make(locale))
	sort.Slice(out, func(i, j int) bool { return coll.CompareString(out[i].Name, out[j].Name) < 0 })
	return out
}
