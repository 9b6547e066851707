package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/testutil"
)

// TestBrowserLanguageSwitcher switches language in Chromium with scripts
// off, by keyboard and by clicking, at desktop and phone widths: the page
// comes back in the language chosen, and stays in it on the next page.
func TestBrowserLanguageSwitcher(t *testing.T) {
	t.Parallel()
	s := testutil.NewServer(t, "sqlite")
	ch := browserChallenge(t, s.Store)
	browserIdea(t, s.Store, ch, "Cork door panels", "Light, warm and recyclable.")
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		b := newBrowser(t, s, "lang-"+size.name)
		if size.mobile {
			b.do(chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateMobile, chromedp.EmulatePortrait))
		}
		b.scriptsOff()
		b.open("/ideas?sort=top")
		b.wantAttr("html", "lang", "en")
		b.click(".langs summary")
		b.shot("switcher-open")
		b.clickAndLoad(`.langs a[lang="pt-BR"]`)
		b.wantPath("/ideas")
		b.wantAttr("html", "lang", "pt-BR")
		b.wantText(".usernav .button.primary", i18n.T("pt-BR", "Share an idea"))
		b.shot("ideas-pt-BR")
		b.open("/challenges")
		b.wantAttr("html", "lang", "pt-BR")
		// By keyboard: the summary takes the focus and Enter opens it.
		b.do(chromedp.Focus(".langs summary"), chromedp.KeyEvent("\r"))
		b.clickAndLoad(`.langs a[lang="fr"]`)
		b.wantAttr("html", "lang", "fr")
		b.wantText("h1", i18n.T("fr", "Challenges"))
		b.shot("challenges-fr")
	}
}
