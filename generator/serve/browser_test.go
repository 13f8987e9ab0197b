package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/heedhq/heed/generator/internal/browsertest"
)

// streams counts the pages listening for reloads.
func streams(h *hub) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// TestBrowser: in Chromium, a page open on heed serve reloads by itself
// after its item is edited and shows the new title; when the content has
// errors the page reloads with their list over it (shown by the HTML and
// CSS alone, with JavaScript off too), and fixing the file clears it. No
// console error, no blocked script or style (the site's Content Security
// Policy allows same-origin files only).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	ss := start(t, fixture, Options{})
	p := b.NewPage(t)
	p.Open(ss.root+exportPage, 1280, false)
	ss.until("the page to listen for reloads", func() bool { return streams(ss.srv.hub) == 1 })
	if got := browsertest.Eval[string](p, `document.querySelector("h1").textContent`); got != "Full-year export times out" {
		t.Fatalf("h1 = %q", got)
	}
	// A mark that only this load of the page has: a reload drops it.
	browsertest.Eval[bool](p, `window.heedTestMark = true`)

	// waitFor polls an expression until it is true in the page, which may
	// be reloading meanwhile.
	waitFor := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			ok, err := evalIn(p, expr)
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("waited 15 s for %s (last error: %v); log:\n%s", what, err, ss.log.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	ss.write(exportItem, strings.Replace(fixture[exportItem], "Full-year export", "Year-end export", 1))
	waitFor("the page to reload with the new title",
		`!window.heedTestMark && document.readyState === "complete" && document.querySelector("h1").textContent === "Year-end export times out"`)

	browsertest.Eval[bool](p, `window.heedTestMark = true`)
	ss.write(exportItem, strings.Replace(fixture[exportItem], "source: support", "source: suport", 1))
	waitFor("the page to reload with the list of errors",
		`!window.heedTestMark && document.readyState === "complete" && !!document.getElementById("heed-problems")`)
	overlay := browsertest.Eval[string](p, `document.getElementById("heed-problems").innerText`)
	if !strings.Contains(overlay, "feedback/2026/08/export-times-out.md:4:9") || !strings.Contains(overlay, "did you mean support?") {
		t.Errorf("the list of errors reads:\n%s", overlay)
	}
	if pos := browsertest.Eval[string](p, `getComputedStyle(document.getElementById("heed-problems")).position`); pos != "fixed" {
		t.Errorf("the list of errors is not styled (position %q): overlay.css did not load", pos)
	}

	t.Run("without JavaScript", func(t *testing.T) {
		q := b.NewPage(t)
		q.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
		q.Open(ss.root+"themes/sso/", 1280, false)
		if pos := browsertest.Eval[string](q, `getComputedStyle(document.getElementById("heed-problems")).position`); pos != "fixed" {
			t.Errorf("without JavaScript the list of errors is not shown over the page (position %q)", pos)
		}
	})

	browsertest.Eval[bool](p, `window.heedTestMark = true`)
	ss.write(exportItem, fixture[exportItem])
	waitFor("the page to reload without the list",
		`!window.heedTestMark && document.readyState === "complete" && !document.getElementById("heed-problems") && document.querySelector("h1").textContent === "Full-year export times out"`)
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("problems in the browser:\n%s", strings.Join(probs, "\n"))
	}
}

// evalIn evaluates a boolean expression in the page, within two seconds;
// unlike browsertest.Eval, an error (the page is reloading) is returned,
// not fatal.
func evalIn(p *browsertest.Page, expr string) (ok bool, err error) {
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		ok, err = chromedp.Evaluate[bool](expr)(ctx, tg)
		return nil
	}))
	return ok, err
}
