package handlers

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// atomFeed and its parts are the Atom 1.0 (RFC 4287) elements the feed uses.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomAuthor `xml:"author"`
	Category  []atomCat  `xml:"category"`
	Content   atomText   `xml:"content"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Feed lists the newest ideas as Atom, with the same filters as /ideas.
func (h *Handler) Feed(c echo.Context) error {
	q := bindListQuery(c)
	q.Sort, q.Page = "new", 1
	list, err := h.listIdeas(c, q)
	if err != nil {
		return err
	}
	site, err := h.Store.Site.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	base := h.Config.BaseURL
	feed := atomFeed{
		Title:   site.SiteName + ": " + T(c, "newest ideas"),
		ID:      base + q.URL(),
		Updated: time.Now().UTC().Format(time.RFC3339),
		Links: []atomLink{{Href: base + c.Request().URL.RequestURI(), Rel: "self", Type: "application/atom+xml"},
			{Href: base + q.URL(), Rel: "alternate", Type: "text/html"}},
	}
	for i, idea := range list.Ideas {
		if i == 0 {
			feed.Updated = idea.UpdatedAt.UTC().Format(time.RFC3339)
		}
		url := base + IdeaURL(idea.ID, idea.Slug)
		e := atomEntry{
			Title:     idea.Title,
			ID:        fmt.Sprintf("%s/ideas/%d", base, idea.ID),
			Link:      atomLink{Href: url, Rel: "alternate", Type: "text/html"},
			Published: idea.CreatedAt.UTC().Format(time.RFC3339),
			Updated:   idea.UpdatedAt.UTC().Format(time.RFC3339),
			Author:    atomAuthor{Name: idea.AuthorName},
			Content:   atomText{Type: "html", Body: idea.BodyHTML},
		}
		if idea.CategorySlug != "" {
			e.Category = append(e.Category, atomCat{Term: idea.CategorySlug, Label: idea.CategoryName})
		}
		feed.Entries = append(feed.Entries, e)
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}
