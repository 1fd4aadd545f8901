// Package accountpages serves the account pages under /account/: invite
// registration, onboarding, login, password reset and change, sessions and
// the administrators' invites. They are plain HTML forms (html/template, one
// embedded stylesheet, one tiny same-origin script) over the same services,
// session store and cookie as the JSON API: every rule, message, rate limit
// and audit event comes from internal/accounts, every length and pattern
// from the contract's request schemas.
package accountpages

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/auth/session"
	"github.com/skatetrax/skatetrax-api/internal/erasure"
	"github.com/skatetrax/skatetrax-api/internal/family"
	"github.com/skatetrax/skatetrax-api/internal/lookups"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// errNoSession is a wiring fault: the session middleware did not run.
var errNoSession = errors.New("account pages: no session in the request context")

// Prefix is where the pages are mounted.
const Prefix = "/account"

// dbTimeout bounds the database work of one page.
const dbTimeout = 10 * time.Second

// Deps are what the pages need.
type Deps struct {
	Accounts *accounts.Service
	// Lookups gives the home rink and coach lists of the onboarding form.
	Lookups *lookups.Service
	// Family lists, creates and switches to the skaters a user may act for.
	Family *family.Service
	// Erasure deletes an account (the service behind DELETE /api/v4/auth/account).
	Erasure *erasure.Service
	// Spec is the contract; its request schemas bound the form fields.
	Spec *openapi3.T
	// SecretKey signs the CSRF tokens (FLASK_SECRET_KEY).
	SecretKey    []byte
	CookieSecure bool
	// SessionIdle is the idle lifetime of a session (for the sessions list).
	SessionIdle time.Duration
	// FrontendURL, when set, is linked from finished flows.
	FrontendURL string
	Logger      *slog.Logger
}

// Pages serves the account pages.
type Pages struct {
	d     Deps
	pages map[string]*template.Template
	csrf  csrf
}

// New parses the templates.
func New(d Deps) (*Pages, error) {
	p := &Pages{d: d, pages: map[string]*template.Template{}, csrf: newCSRF(d.SecretKey, d.CookieSecure)}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list account templates: %w", err)
	}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse account template %s: %w", base, err)
		}
		p.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// Mount registers the pages on e under /account.
func (p *Pages) Mount(e *echo.Echo) {
	g := e.Group(Prefix, securityHeaders)
	files := http.StripPrefix(Prefix+"/", http.FileServer(http.FS(staticFS)))
	g.GET("/static/*", func(c echo.Context) error {
		if strings.HasSuffix(c.Request().URL.Path, "/") {
			return echo.ErrNotFound // files only, no listing
		}
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	})

	g.GET("", p.overview)
	g.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, Prefix) })
	g.GET("/login", p.loginForm)
	g.POST("/login", p.login)
	g.GET("/register", p.registerForm)
	g.POST("/register", p.register)
	g.GET("/onboard", p.onboardForm)
	g.POST("/onboard", p.onboard)
	g.GET("/forgot", p.forgotForm)
	g.POST("/forgot", p.forgot)
	g.GET("/reset", p.resetForm)
	g.POST("/reset", p.reset)
	g.POST("/password", p.changePassword)
	g.POST("/sessions/end", p.endSession)
	g.POST("/logout", p.logout)
	g.POST("/logout-all", p.logoutAll)
	g.GET("/delete", p.deleteForm)
	g.POST("/delete", p.deleteAccount)
	g.POST("/skaters", p.createMinor)
	g.POST("/skaters/switch", p.switchSkater)
	g.POST("/skaters/guardian-invite", p.guardianInvite)
	g.GET("/admin/invites", p.invites)
	g.POST("/admin/invites", p.createInvite)
	g.POST("/admin/invites/revoke", p.revokeInvite)
}

// securityHeaders: no inline script or style, no framing, no sniffing, no
// caching (pages carry tokens and personal data), no Referer (the reset and
// register URLs carry their token).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if !strings.HasPrefix(c.Request().URL.Path, Prefix+"/static/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// view is what every template gets.
type view struct {
	Title       string
	Page        string // the page's name, for the navigation
	CSRF        string
	Notice      string
	FormError   string
	Errors      map[string]string
	Values      map[string]string
	Checked     map[string]bool
	FrontendURL string
	LoggedIn    bool
	Script      string
	Data        any
}

func (p *Pages) newView(c echo.Context, title string) *view {
	_, logged := session.PrincipalFrom(c.Request().Context())
	return &view{Title: title, Errors: map[string]string{}, Values: map[string]string{}, Checked: map[string]bool{},
		FrontendURL: p.d.FrontendURL, LoggedIn: logged, CSRF: p.csrf.token(c)}
}

// render writes the page with status.
func (p *Pages) render(c echo.Context, status int, page string, v *view) error {
	t, ok := p.pages[page]
	if !ok {
		return fmt.Errorf("no account template %q", page)
	}
	v.Page = page
	var b strings.Builder
	if err := t.Execute(&b, v); err != nil {
		return fmt.Errorf("render account page %s: %w", page, err)
	}
	return c.HTML(status, b.String())
}

func dbCtx(c echo.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request().Context(), dbTimeout)
}

// requireLogin returns the principal, or redirects to the login page that
// comes back here.
func requireLogin(c echo.Context) (session.Principal, bool, error) {
	if pr, ok := session.PrincipalFrom(c.Request().Context()); ok {
		return pr, true, nil
	}
	return session.Principal{}, false, c.Redirect(http.StatusSeeOther, loginURL(c.Request().URL.RequestURI()))
}

var funcs = template.FuncMap{
	"field": field,
	"utc": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
}

// input is one labelled form control.
type input struct {
	Name, Label, Type, Autocomplete, Hint, Value, Error string
	Required                                            bool
}

// field builds an input from the view: field . name label type autocomplete
// [required] [hint=text].
func field(v *view, name, label, typ, autocomplete string, opts ...string) input {
	in := input{Name: name, Label: label, Type: typ, Autocomplete: autocomplete, Error: v.Errors[name]}
	if typ != "password" {
		in.Value = v.Values[name]
	}
	for _, o := range opts {
		switch {
		case o == "required":
			in.Required = true
		case strings.HasPrefix(o, "hint="):
			in.Hint = strings.TrimPrefix(o, "hint=")
		}
	}
	return in
}
