package handlers

// TEMPORARY: placeholders while the admin pages are being written in parallel;
// each is replaced by its real handler before this work lands.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (h *Handler) AdminUsers(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) AdminUser(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) SuspendUser(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) UnsuspendUser(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) HideAllByUser(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) SetUserRole(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) AuditLog(c echo.Context) error { return echo.NewHTTPError(http.StatusNotImplemented) }
