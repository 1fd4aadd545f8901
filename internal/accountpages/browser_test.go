package accountpages_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium with its own profile (its own cookies),
// at phone width. It records every request the pages make and every console
// error (a CSP violation shows up there).
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string // the server under test
	name string

	mu       sync.Mutex
	requests []string
	problems []string
}

// chromium finds the browser, or skips the test outside CI (CI must have it:
// .ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI must run the browser tests (.ci/run installs it with apt-get install chromium)")
	}
	t.Skip("chromium is not installed: the account-page browser tests need it (apt-get install chromium); they skip outside CI only")
	return ""
}

// axeSource is axe-core's axe.min.js from contract/node_modules (npm ci in
// contract/ installs it; CI does).
var axeSource = sync.OnceValues(func() ([]byte, error) {
	return os.ReadFile(filepath.Join("..", "..", "contract", "node_modules", "axe-core", "axe.min.js"))
})

func axeScript(t *testing.T) string {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is missing (npm ci in contract/ installs it): %v", err)
		}
		t.Skipf("axe-core is missing: run npm ci in contract/ (%v)", err)
	}
	return string(src)
}

// requireBrowser skips (outside CI) or fails (in CI) before any server is
// started when chromium or axe-core is missing.
func requireBrowser(t *testing.T) {
	t.Helper()
	chromium(t)
	axeScript(t)
}

// newBrowser starts a browser for the server at base.
func newBrowser(t *testing.T, base, name string) *browser {
	t.Helper()
	exe := chromium(t)
	axeScript(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base, name: name}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Denver"}); err != nil {
		t.Fatalf("set the browser's time zone: %v", err)
	}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("listen: %v", err)
	}
	return b
}

func (b *browser) record(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, e.Request.URL)
	case *runtime.EventExceptionThrown:
		b.problems = append(b.problems, "exception: "+e.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		if strings.Contains(e.Entry.Text, "Content Security Policy") {
			b.problems = append(b.problems, "CSP: "+e.Entry.Text)
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == "error" {
			b.problems = append(b.problems, "console error")
		}
	}
}

// visit opens path and checks the page.
func (b *browser) visit(path string, shot string, wantStatus int64) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(b.base+path))
	if err != nil {
		b.t.Fatalf("%s: open %s: %v", b.name, path, err)
	}
	b.expectStatus(resp, wantStatus, "GET "+path)
	b.check(shot)
}

// submit clicks the button and waits for the page the form leads to.
func (b *browser) submit(button string, shot string, wantStatus int64) *network.Response {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		b.t.Fatalf("%s: submit %s: %v", b.name, button, err)
	}
	b.expectStatus(resp, wantStatus, "submit "+button)
	b.check(shot)
	return resp
}

func (b *browser) expectStatus(resp *network.Response, want int64, what string) {
	b.t.Helper()
	if resp.Status != want {
		b.t.Fatalf("%s: %s answered %d at %s, want %d; page: %s", b.name, what, resp.Status, resp.URL, want, b.text("main"))
	}
}

// fill types into the labelled input with this name.
func (b *browser) fill(name, value string) {
	b.t.Helper()
	sel := chromedp.CSS(fmt.Sprintf("[name=%q]:not([type=hidden])", name))
	if err := chromedp.Do(b.ctx, chromedp.Clear(sel), chromedp.SendKeys(sel, value)); err != nil {
		b.t.Fatalf("%s: fill %s: %v", b.name, name, err)
	}
}

func (b *browser) text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("%s: text of %s: %v", b.name, css, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) value(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("%s: value of %s: %v", b.name, css, err)
	}
	return s
}

func (b *browser) location() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("%s: location: %v", b.name, err)
	}
	return strings.TrimPrefix(s, b.base)
}

func (b *browser) eval(js string, out any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: evaluate: %v", b.name, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("%s: decode %s: %v", b.name, raw, err)
	}
}

// pageFacts are read from the page by one script.
type pageFacts struct {
	H1           int      `json:"h1"`
	ScrollWidth  int      `json:"scrollWidth"`
	ClientWidth  int      `json:"clientWidth"`
	Unlabelled   []string `json:"unlabelled"`
	StyleApplied bool     `json:"styleApplied"`
}

const factsJS = `(() => {
  const unlabelled = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!el.labels || el.labels.length === 0) unlabelled.push(el.name || el.id);
  }
  return {
    h1: document.querySelectorAll('h1').length,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    unlabelled,
    styleApplied: !!document.querySelector('header.site') &&
      getComputedStyle(document.querySelector('header.site')).display === 'flex',
  };
})()`

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// check holds the open page to the rules every account page keeps, runs
// axe-core in it, and saves a screenshot.
func (b *browser) check(shot string) {
	b.t.Helper()
	var f pageFacts
	b.eval(factsJS, &f)
	if f.H1 != 1 {
		b.t.Errorf("%s %s: %d <h1> elements, want exactly 1", b.name, b.location(), f.H1)
	}
	if f.ScrollWidth > f.ClientWidth {
		b.t.Errorf("%s %s: wider than a phone (%dpx content in %dpx)", b.name, b.location(), f.ScrollWidth, f.ClientWidth)
	}
	if len(f.Unlabelled) > 0 {
		b.t.Errorf("%s %s: controls without a label: %v", b.name, b.location(), f.Unlabelled)
	}
	if !f.StyleApplied {
		b.t.Errorf("%s %s: the stylesheet did not apply", b.name, b.location())
	}
	for _, v := range b.axe() {
		msg := fmt.Sprintf("%s %s: axe %s (%s): %s at %v", b.name, b.location(), v.ID, v.Impact, v.Help, v.Nodes)
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
	b.mu.Lock()
	for _, u := range b.requests {
		// data: URLs are no requests (Chromium's own date-picker icon is one).
		if !strings.HasPrefix(u, b.base+"/") && !strings.HasPrefix(u, "data:") {
			b.t.Errorf("%s: the page requested %s outside the server", b.name, u)
		}
	}
	for _, p := range b.problems {
		b.t.Errorf("%s %s: %s", b.name, b.location(), p)
	}
	b.requests, b.problems = nil, nil
	b.mu.Unlock()
	b.screenshot(shot)
}

// axe runs axe-core in the open page and returns its violations.
func (b *browser) axe() []axeViolation {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](axeScript(b.t)+";1")); err != nil {
		b.t.Fatalf("%s: load axe-core: %v", b.name, err)
	}
	var violations []axeViolation
	b.eval(`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
	  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))`, &violations)
	return violations
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// artifactsDir is where screenshots go: $ARTIFACTS_DIR/accountpages, or
// artifacts/accountpages at the top of the repository (git-ignored).
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "artifacts", "accountpages")
	if a := os.Getenv("ARTIFACTS_DIR"); a != "" {
		dir = filepath.Join(a, "accountpages")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts folder: %v", err)
	}
	return dir
}

func (b *browser) screenshot(shot string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("%s: screenshot: %v", b.name, err)
	}
	name := unsafeName.ReplaceAllString(b.t.Name()+"-"+shot, "_") + ".png"
	if err := os.WriteFile(filepath.Join(artifactsDir(b.t), name), png, 0o644); err != nil {
		b.t.Fatalf("write screenshot: %v", err)
	}
}
