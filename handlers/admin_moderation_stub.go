package handlers

// TEMPORARY: placeholders while the admin pages are being written in parallel;
// each is replaced by its real handler before this work lands.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (h *Handler) FlagIdea(c echo.Context) error { return echo.NewHTTPError(http.StatusNotImplemented) }

func (h *Handler) FlagComment(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) AdminOverview(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) ModerationQueue(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) ModerationBulk(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) SetIdeaStatus(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) HideIdea(c echo.Context) error { return echo.NewHTTPError(http.StatusNotImplemented) }

func (h *Handler) UnhideIdea(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) ApproveIdea(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) DismissIdeaFlags(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) MergeForm(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) MergeIdea(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) HideComment(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) UnhideComment(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

func (h *Handler) DismissCommentFlags(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}
