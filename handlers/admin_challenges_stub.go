package handlers

// TEMPORARY: placeholders while the admin pages are being written in parallel;
// each is replaced by its real handler before this work lands.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (h *Handler) Image(c echo.Context) error { return echo.NewHTTPError(http.StatusNotImplemented) }

func (h *Handler) ImageThumb(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) AdminChallenges(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) NewChallengeForm(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) CreateChallenge(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) EditChallengeForm(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) UpdateChallenge(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) AdminCategories(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) CreateCategory(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) UpdateCategory(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) SettingsForm(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) SaveSettings(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}
