package accountpages_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// The page checks must be able to fail: a page that breaks the rules is
// caught by axe-core and by the page facts.
func TestPageChecksCatchABrokenPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>broken</title></head><body>
<h1>One</h1><h1>Two</h1><form><input name="aLogin" type="text"><button></button></form>
<div style="width:2000px">wide</div></body></html>`))
	}))
	defer srv.Close()
	b := newBrowser(t, srv.URL, "checker")
	if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	serious := map[string]bool{}
	for _, v := range b.axe() {
		if v.Impact == "serious" || v.Impact == "critical" {
			serious[v.ID] = true
		}
	}
	for _, rule := range []string{"label", "button-name", "html-has-lang"} {
		t.Run("axe_reports_"+rule, func(t *testing.T) {
			if !serious[rule] {
				t.Errorf("axe-core did not report %s as serious: %v", rule, serious)
			}
		})
	}
	var f pageFacts
	b.eval(factsJS, &f)
	t.Run("facts_see_two_h1_an_unlabelled_input_and_overflow", func(t *testing.T) {
		if f.H1 != 2 || len(f.Unlabelled) != 1 || f.ScrollWidth <= f.ClientWidth {
			t.Errorf("facts %+v", f)
		}
	})
}
