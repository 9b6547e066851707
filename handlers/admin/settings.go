package admin

import (
	"net/http"
	"strconv"

	"github.com/ideario/ideario/handlers"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/audit"
	"github.com/ideario/ideario/models/site"
	"github.com/labstack/echo/v4"
)

// Limits on the site settings.
const (
	SiteNameMax      = 80
	WelcomeTextMax   = 500
	FlagThresholdMax = 100
)

// SiteSettingsForm is what an admin writes in the settings form.
type SiteSettingsForm struct {
	SiteName, WelcomeText, FlagThreshold   string
	SignupOpen, RequireVerify, Premoderate bool
	DefaultLocale                          string
	// Welcomes are the welcome text in the other languages, by locale.
	Welcomes map[string]string
}

// OtherLanguages are the languages besides the form's default one, whose
// welcome text the form asks for.
func (f SiteSettingsForm) OtherLanguages() []handlers.Language {
	return handlers.LanguagesBut(f.DefaultLocale)
}

// SettingsPage is the data of the site settings page.
type SettingsPage struct {
	handlers.Page
	Form      SiteSettingsForm
	Errors    handlers.FormErrors
	Languages []handlers.Language
}

// SettingsForm shows the site settings.
func (h *Handler) SettingsForm(c echo.Context) error {
	st, err := h.Store.Site.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	f := SiteSettingsForm{SiteName: st.SiteName, WelcomeText: welcomeIn(st.DefaultLocale, st.WelcomeText), FlagThreshold: strconv.Itoa(st.FlagThreshold),
		SignupOpen: st.SignupOpen, RequireVerify: st.RequireVerify, Premoderate: st.Premoderate,
		DefaultLocale: st.DefaultLocale, Welcomes: st.Welcomes}
	return c.Render(http.StatusOK, "admin_settings", SettingsPage{Page: h.Page(c, handlers.T(c, "Site settings")), Form: f, Errors: handlers.FormErrors{},
		Languages: handlers.Languages()})
}

// SaveSettings stores the site settings; they apply from the next request,
// on every instance, since each request reads them from the database.
func (h *Handler) SaveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	before, err := h.Store.Site.Settings(ctx)
	if err != nil {
		return err
	}
	f := SiteSettingsForm{SiteName: handlers.Form(c, "site_name"), WelcomeText: handlers.Form(c, "welcome_text"), FlagThreshold: handlers.Form(c, "flag_threshold"),
		SignupOpen: handlers.Form(c, "signup_open") != "", RequireVerify: handlers.Form(c, "require_verify") != "", Premoderate: handlers.Form(c, "premoderate") != "",
		DefaultLocale: handlers.Form(c, "default_locale"), Welcomes: map[string]string{}}
	v := handlers.NewValidator(c)
	v.Length("site_name", f.SiteName, 1, SiteNameMax)
	v.Length("welcome_text", f.WelcomeText, 0, WelcomeTextMax)
	if f.DefaultLocale == "" { // a form from before languages came keeps the default
		f.DefaultLocale = before.DefaultLocale
	}
	if loc := i18n.Canonical(f.DefaultLocale); loc == "" || loc == i18n.Pseudo {
		v.Add("default_locale", "Please choose one of the languages.")
	} else {
		f.DefaultLocale = loc
	}
	for _, l := range i18n.Locales {
		field := "welcome_text." + l
		if text := handlers.Form(c, field); text != "" && l != f.DefaultLocale {
			f.Welcomes[l] = text
			v.Length(field, text, 0, WelcomeTextMax)
		}
	}
	threshold, err := strconv.Atoi(f.FlagThreshold)
	if err != nil || threshold < 1 || threshold > FlagThresholdMax {
		v.Add("flag_threshold", "Please enter a whole number from 1 to %d.", FlagThresholdMax)
	}
	if !v.OK() {
		return c.Render(http.StatusUnprocessableEntity, "admin_settings", SettingsPage{Page: h.Page(c, handlers.T(c, "Site settings")), Form: f, Errors: v.Errors(),
			Languages: handlers.Languages()})
	}
	if f.WelcomeText == welcomeIn(f.DefaultLocale, site.DefaultSettings.WelcomeText) {
		f.WelcomeText = site.DefaultSettings.WelcomeText // Ideario's own text stays translated for every reader
	}
	after := site.Settings{SiteName: f.SiteName, WelcomeText: f.WelcomeText, SignupOpen: f.SignupOpen,
		RequireVerify: f.RequireVerify, FlagThreshold: threshold, Premoderate: f.Premoderate,
		DefaultLocale: f.DefaultLocale, Welcomes: map[string]string{}}
	for _, l := range i18n.Locales {
		after.Welcomes[l] = f.Welcomes[l] // an empty text clears the one saved before
	}
	if !after.Equal(before) {
		if err := h.Store.Site.SaveSettings(ctx, after); err != nil {
			return err
		}
		if err := h.Store.Audit.Log(ctx, handlers.CurrentUser(c), "settings.update", audit.TargetSettings, 0, "", before, after); err != nil {
			return err
		}
	}
	h.Sessions.Flash(c, handlers.T(c, "The settings are saved."))
	return handlers.Redirect(c, "/admin/settings")
}

// welcomeIn is the welcome text as the settings form shows it: Ideario's
// own text in the site's default language, an admin's text as written.
func welcomeIn(locale, text string) string {
	if text == site.DefaultSettings.WelcomeText {
		return i18n.T(locale, text)
	}
	return text
}
