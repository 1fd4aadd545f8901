// Package apitest runs the real server over real HTTP against a fresh
// PostgreSQL database and checks every response against api/openapi.yaml:
// the status must be documented, the content type and body must match.
// All HTTP tests go through it, so the contract and the code cannot drift.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"

	apispec "github.com/skatetrax/skatetrax-api/api"
	"github.com/skatetrax/skatetrax-api/internal/accounts"
	"github.com/skatetrax/skatetrax-api/internal/app"
	"github.com/skatetrax/skatetrax-api/internal/audio"
	"github.com/skatetrax/skatetrax-api/internal/config"
	"github.com/skatetrax/skatetrax-api/internal/mail"
	"github.com/skatetrax/skatetrax-api/internal/storage"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func init() {
	// Swagger UI is an HTML page; validate it as text.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

// Contract validates responses against the OpenAPI document.
type Contract struct {
	spec   *openapi3.T
	router routers.Router
	errSch *openapi3.Schema
}

// LoadContract parses the embedded spec.
func LoadContract(t testing.TB) *Contract {
	t.Helper()
	// The document as written (the generated copy lacks the hand-served routes).
	spec, err := openapi3.NewLoader().LoadFromData(apispec.YAML)
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	spec.Servers = nil
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		t.Fatalf("spec router: %v", err)
	}
	return &Contract{spec: spec, router: router, errSch: spec.Components.Schemas["Error"].Value}
}

// Check returns a problem description when the response breaks the contract,
// or "" when it conforms.
func (c *Contract) Check(req *http.Request, status int, header http.Header, body []byte) string {
	if status >= 500 && status != http.StatusServiceUnavailable && status != http.StatusBadGateway {
		return "server error " + http.StatusText(status) + ": " + string(body)
	}
	if req.Method == http.MethodOptions && status == http.StatusNoContent && len(body) == 0 {
		return "" // CORS preflight, answered by the CORS layer
	}
	if req.Method == http.MethodHead {
		// Answered like GET, without a body: check the status and type only.
		get := req.Clone(req.Context())
		get.Method = http.MethodGet
		return c.Check(get, status, header, nil)
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		// Unknown path or method: the answer must be a JSON Error.
		return c.checkError(status, header, body)
	}
	if status >= 400 && !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		return "error response is not JSON: " + header.Get("Content-Type")
	}
	if body == nil {
		return ""
	}
	if route.Operation.Responses.Status(status) == nil && route.Operation.Responses.Default() == nil {
		return "status not documented for " + route.Method + " " + route.Path
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: status,
		Header: header,
		Body:   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		return err.Error()
	}
	return checkBytes(status, header, body)
}

// checkBytes holds byte responses (audio) to what HTTP promises about them,
// beyond what the schema can say: the length matches Content-Length, a 206
// carries exactly the range its Content-Range names, a 416 names the size,
// and audio is the type its Content-Type says (detected from the bytes).
func checkBytes(status int, header http.Header, body []byte) string {
	ct := header.Get("Content-Type")
	if status == http.StatusRequestedRangeNotSatisfiable {
		if _, err := fmt.Sscanf(header.Get("Content-Range"), "bytes */%d", new(int64)); err != nil {
			return "416 without Content-Range bytes */<size>: " + header.Get("Content-Range")
		}
		return ""
	}
	if !strings.HasPrefix(ct, "audio/") {
		return ""
	}
	if cl := header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
		return fmt.Sprintf("Content-Length %q but %d body bytes", cl, len(body))
	}
	first := int64(0)
	switch status {
	case http.StatusPartialContent:
		var last, size int64
		if n, err := fmt.Sscanf(header.Get("Content-Range"), "bytes %d-%d/%d", &first, &last, &size); n != 3 || err != nil {
			return "206 without a valid Content-Range: " + header.Get("Content-Range")
		}
		if first > last || last >= size || last-first+1 != int64(len(body)) {
			return fmt.Sprintf("Content-Range %q does not match %d body bytes", header.Get("Content-Range"), len(body))
		}
	case http.StatusOK:
	default:
		return "audio body with status " + strconv.Itoa(status)
	}
	if first == 0 && len(body) >= audio.HeaderLen {
		f, err := audio.Detect(body[:audio.HeaderLen])
		if err != nil || f.ContentType() != ct {
			return fmt.Sprintf("Content-Type %s, but the bytes are %v (%v)", ct, f, err)
		}
	}
	return ""
}

func (c *Contract) checkError(status int, header http.Header, body []byte) string {
	if status < 400 {
		return "a path outside the contract answered " + http.StatusText(status)
	}
	if !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		return "error response is not JSON: " + header.Get("Content-Type")
	}
	if body == nil {
		return ""
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "error body is not JSON: " + err.Error()
	}
	if err := c.errSch.VisitJSON(v); err != nil {
		return "error body does not match Error: " + err.Error()
	}
	return ""
}

// Server is the real application behind a real HTTP listener.
type Server struct {
	t        testing.TB
	URL      string
	Pool     *pgxpool.Pool
	Config   config.Config
	App      *app.App
	contract *Contract
	http     *httptest.Server
}

// Options adjust the test server.
type Options struct {
	// Env overrides configuration variables (as the process environment would).
	Env map[string]string
	// Pool uses an existing database instead of a fresh one.
	Pool *pgxpool.Pool
	// Mailer replaces SMTP (nil: SMTP from MAIL_* in Env, or no mail).
	Mailer mail.Mailer
	// WrapStorage wraps the music store (to inject failures).
	WrapStorage func(storage.Store) storage.Store
	// SpoolDir is where uploads are spooled ("" = the system's temp folder).
	SpoolDir string
	// Now pins the clock of the day-dependent rules (nil: the real clock).
	Now func() time.Time
	// TracerProvider traces requests and storage calls (nil: none).
	TracerProvider trace.TracerProvider
	// Logger receives the server's logs (nil: discarded, or the test log
	// at warn level with -v).
	Logger *slog.Logger
}

// New starts the application on a fresh migrated database.
func New(t testing.TB, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	// Generous limits: many tests register and log in from one address.
	env := map[string]string{
		"FLASK_SECRET_KEY":         "test-secret-key-0123456789abcdef0123456789",
		"RATE_LIMIT_REGISTER_IP":   "10000",
		"RATE_LIMIT_LOGIN_IP":      "10000",
		"RATE_LIMIT_LOGIN_ACCOUNT": "10000",
		"RATE_LIMIT_TOKEN_IP":      "10000",
		"RATE_LIMIT_RESET_REQUEST": "10000",
		"RATE_LIMIT_COACH_LOOKUP":  "10000",
		// Music files go to a folder of this test (S3 tests set DO_SPACES_*).
		"STORAGE_DIR": t.TempDir(),
		// Tests share two cores under -race: a deadline made for production
		// would turn a slow machine into 503s. Deadline tests set their own.
		"REQUEST_TIMEOUT": "2m",
	}
	for k, v := range o.Env {
		env[k] = v
	}
	cfg, _, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("test config: %v", err)
	}
	pool := o.Pool
	if pool == nil {
		pool = testdb.New(t)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.Logger != nil {
		logger = o.Logger
	} else if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Build(ctx, cfg, logger, pool, "test", app.Options{Mailer: o.Mailer, WrapStorage: o.WrapStorage, SpoolDir: o.SpoolDir, Now: o.Now, TracerProvider: o.TracerProvider})
	if err != nil {
		cancel()
		t.Fatalf("build app: %v", err)
	}
	a.Start(ctx)
	hs := httptest.NewServer(a.Handler)
	t.Cleanup(func() { hs.Close(); cancel(); a.Wait() })
	return &Server{t: t, URL: hs.URL, Pool: pool, Config: cfg, App: a, contract: LoadContract(t), http: hs}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Client is one browser: it keeps its own cookies.
type Client struct {
	s      *Server
	t      testing.TB // where failures are reported (nil: the server's test)
	http   *http.Client
	Header http.Header // sent on every request
}

// For returns the client reporting its failures to t (a subtest), with the
// same cookies and headers, so a failing case is named by its subtest.
func (c *Client) For(t testing.TB) *Client {
	cp := *c
	cp.t = t
	return &cp
}

// For returns the server reporting the failures of its helpers (Invite,
// Register, Login, Skater and the clients they make) to t.
func (s *Server) For(t testing.TB) *Server {
	cp := *s
	cp.t = t
	return &cp
}

func (c *Client) tb() testing.TB {
	if c.t != nil {
		return c.t
	}
	return c.s.t
}

// Client returns a new client with an empty cookie jar.
func (s *Server) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{s: s, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}, Header: http.Header{}}
}

// Response is a checked response.
type Response struct {
	t      testing.TB
	Status int
	Header http.Header
	Body   []byte
}

// Do sends a request and fails the test when the response breaks the contract.
func (c *Client) Do(req *http.Request) *Response {
	t := c.tb()
	t.Helper()
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	// Validate against a fresh copy of the request (the body was consumed).
	check, _ := http.NewRequest(req.Method, req.URL.String(), nil)
	check.Header = req.Header.Clone()
	if problem := c.s.contract.Check(check, resp.StatusCode, resp.Header, body); problem != "" {
		t.Errorf("%s %s -> %d breaks the contract: %s\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, problem, truncate(body))
	}
	return &Response{t: t, Status: resp.StatusCode, Header: resp.Header, Body: body}
}

// Request builds and sends a request with an optional JSON body (a string or
// []byte is sent as is; anything else is marshalled).
func (c *Client) Request(method, path string, body any) *Response {
	t := c.tb()
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("marshal body: %v", err)
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.s.URL+path, r)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.Do(req)
}

// Get is Request with GET.
func (c *Client) Get(path string) *Response { return c.Request(http.MethodGet, path, nil) }

// Post is Request with POST.
func (c *Client) Post(path string, body any) *Response { return c.Request(http.MethodPost, path, body) }

// Expect fails the test unless the status is want.
func (r *Response) Expect(want int) *Response {
	r.t.Helper()
	if r.Status != want {
		r.t.Fatalf("status %d, want %d; body: %s", r.Status, want, truncate(r.Body))
	}
	return r
}

// JSON decodes the body into v.
func (r *Response) JSON(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("decode %s: %v", truncate(r.Body), err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map() map[string]any {
	r.t.Helper()
	var m map[string]any
	r.JSON(&m)
	return m
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// Invite creates an invite directly and returns its token.
func (s *Server) Invite(maxUses int32) string {
	s.t.Helper()
	plain, _, err := s.App.Accounts.CreateInvite(context.Background(), accounts.NewInvite{MaxUses: maxUses})
	if err != nil {
		s.t.Fatalf("create invite: %v", err)
	}
	return plain
}

// Account is a registered user.
type Account struct {
	Login, Email, Password string
	UserID                 int32
	Skater                 string
}

// Register creates an account through the API (invite + register) and
// returns it; extra roles are granted directly (e.g. "admin").
func (s *Server) Register(login string, roles ...string) Account {
	s.t.Helper()
	acc := Account{Login: login, Email: login + "@example.com", Password: "skate-" + login + "-password"}
	s.Client().Post("/api/v4/auth/register", map[string]any{
		"aLogin": acc.Login, "aEmail": acc.Email, "aPasswordHash": acc.Password, "invite_token": s.Invite(1),
	}).Expect(http.StatusOK)
	err := s.Pool.QueryRow(context.Background(), `SELECT id, "uSkaterUUID"::text FROM "uAuthTable" WHERE "aLogin" = $1`, login).
		Scan(&acc.UserID, &acc.Skater)
	if err != nil {
		s.t.Fatalf("load registered user: %v", err)
	}
	for _, r := range roles {
		if _, err := s.Pool.Exec(context.Background(),
			`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM role WHERE name = $2`, acc.UserID, r); err != nil {
			s.t.Fatalf("grant %s: %v", r, err)
		}
	}
	return acc
}

// Login returns a client logged in as acc.
func (s *Server) Login(acc Account) *Client {
	s.t.Helper()
	c := s.Client()
	c.Post("/api/v4/auth/login", map[string]any{"aLogin": acc.Login, "aPasswordHash": acc.Password}).Expect(http.StatusOK)
	return c
}

// Skater registers, logs in and onboards a skater (time zone tz) and returns
// the logged-in client.
func (s *Server) Skater(login, tz string) (*Client, Account) {
	s.t.Helper()
	acc := s.Register(login)
	c := s.Login(acc)
	c.Post("/api/v4/auth/onboard", map[string]any{"first_name": "Test", "last_name": login, "timezone": tz}).Expect(http.StatusOK)
	return c, acc
}

// Cookie returns the value of the client's cookie name for the server, or "".
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.s.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// HTTPClient is this browser's cookie jar as a plain *http.Client, for
// generated clients (gen/client): every response it receives is checked
// against the contract like those of Do.
func (c *Client) HTTPClient() *http.Client {
	return &http.Client{Jar: c.http.Jar, CheckRedirect: c.http.CheckRedirect, Transport: checkingTransport{c: c}}
}

// checkingTransport validates each response against the contract and hands
// it on unchanged.
type checkingTransport struct{ c *Client }

func (t checkingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	check, _ := http.NewRequest(req.Method, req.URL.String(), nil)
	check.Header = req.Header.Clone()
	if problem := t.c.s.contract.Check(check, resp.StatusCode, resp.Header, body); problem != "" {
		t.c.s.t.Errorf("%s %s -> %d breaks the contract: %s\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, problem, truncate(body))
	}
	return resp, nil
}
