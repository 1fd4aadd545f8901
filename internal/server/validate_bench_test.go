package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/gen/api"
)

// BenchmarkValidator measures what the contract validator adds to one
// request: each case is served by Echo with the validator in front of a
// handler that does nothing, minus nothing (compare with case "no_validator"
// for Echo's own cost). Run: go test ./internal/server -run '^$' -bench Validator -benchmem
func BenchmarkValidator(b *testing.B) {
	spec, err := api.GetSpec()
	if err != nil {
		b.Fatal(err)
	}
	v, err := newValidator(spec, func(context.Context) bool { return true })
	if err != nil {
		b.Fatal(err)
	}
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	routes := func(e *echo.Echo, mw ...echo.MiddlewareFunc) {
		g := e.Group("", mw...)
		g.GET("/api/v4/auth/session", ok)
		g.GET("/api/v4/members/ice_time", ok)
		g.POST("/api/v4/submit/add_icetime", ok)
		g.GET("/api/v4/public/rinks", ok)
	}
	with, without := echo.New(), echo.New()
	routes(with, v.middleware)
	routes(without)
	body := `{"date":"2026-11-24","ice_time":60,"ice_cost":12,"coach_time":30,"coach_cost":17.5,` +
		`"skate_type":"dc812842-a9a9-4902-b680-361420baffe5","rink_id":"48ca4fc1-6e40-4102-8ca7-85b85846db23"}`
	cases := []struct{ name, method, target, body string }{
		{"get_session_no_params", http.MethodGet, "/api/v4/auth/session", ""},
		{"get_ice_time_query", http.MethodGet, "/api/v4/members/ice_time?months_back=2&window=6&limit=50", ""},
		{"get_public_rinks_query", http.MethodGet, "/api/v4/public/rinks?state=NC", ""},
		{"post_ice_session_json", http.MethodPost, "/api/v4/submit/add_icetime", body},
	}
	for _, tc := range cases {
		for _, mode := range []struct {
			name string
			e    *echo.Echo
		}{{"validator", with}, {"no_validator", without}} {
			b.Run(tc.name+"/"+mode.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var r *http.Request
					if tc.body != "" {
						r = httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
						r.Header.Set("Content-Type", "application/json")
					} else {
						r = httptest.NewRequest(tc.method, tc.target, nil)
					}
					w := httptest.NewRecorder()
					mode.e.ServeHTTP(w, r)
					if w.Code != http.StatusNoContent {
						b.Fatalf("%s %s: %d %s", tc.method, tc.target, w.Code, w.Body)
					}
				}
			})
		}
	}
}
