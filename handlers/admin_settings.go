package handlers

import (
	"net/http"
	"strconv"

	"github.com/ideario/ideario/models"
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
}

// SettingsPage is the data of the site settings page.
type SettingsPage struct {
	Page
	Form   SiteSettingsForm
	Errors FormErrors
}

// SettingsForm shows the site settings.
func (h *Handler) SettingsForm(c echo.Context) error {
	st, err := h.Store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	f := SiteSettingsForm{SiteName: st.SiteName, WelcomeText: st.WelcomeText, FlagThreshold: strconv.Itoa(st.FlagThreshold),
		SignupOpen: st.SignupOpen, RequireVerify: st.RequireVerify, Premoderate: st.Premoderate}
	return c.Render(http.StatusOK, "admin_settings", SettingsPage{Page: h.page(c, t(c, "Site settings")), Form: f, Errors: FormErrors{}})
}

// SaveSettings stores the site settings; they apply from the next request,
// on every instance, since each request reads them from the database.
func (h *Handler) SaveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	f := SiteSettingsForm{SiteName: form(c, "site_name"), WelcomeText: form(c, "welcome_text"), FlagThreshold: form(c, "flag_threshold"),
		SignupOpen: form(c, "signup_open") != "", RequireVerify: form(c, "require_verify") != "", Premoderate: form(c, "premoderate") != ""}
	v := newValidator(c)
	v.length("site_name", f.SiteName, 1, SiteNameMax)
	v.length("welcome_text", f.WelcomeText, 0, WelcomeTextMax)
	threshold, err := strconv.Atoi(f.FlagThreshold)
	if err != nil || threshold < 1 || threshold > FlagThresholdMax {
		v.add("flag_threshold", "Please enter a whole number from 1 to %d.", FlagThresholdMax)
	}
	if !v.ok() {
		return c.Render(http.StatusUnprocessableEntity, "admin_settings", SettingsPage{Page: h.page(c, t(c, "Site settings")), Form: f, Errors: v.errors})
	}
	before, err := h.Store.Settings(ctx)
	if err != nil {
		return err
	}
	after := models.Settings{SiteName: f.SiteName, WelcomeText: f.WelcomeText, SignupOpen: f.SignupOpen,
		RequireVerify: f.RequireVerify, FlagThreshold: threshold, Premoderate: f.Premoderate}
	if after != before {
		if err := h.Store.SaveSettings(ctx, after); err != nil {
			return err
		}
		if err := h.Store.Audit(ctx, CurrentUser(c), "settings.update", models.TargetSettings, 0, "", before, after); err != nil {
			return err
		}
	}
	h.Sessions.Flash(c, t(c, "The settings are saved."))
	return redirect(c, "/admin/settings")
}
