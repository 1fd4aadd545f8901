// Package config reads the service's configuration from the environment,
// using the original Flask service's variable names, and validates it once at
// start-up so a bad value stops the process with a clear message.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// Config is the whole configuration of the server.
type Config struct {
	// DatabaseURL is DATABASE_URL, or built from PGDB_*; empty means "none configured".
	DatabaseURL string

	Production bool   // FLASK_ENV=production
	SecretKey  []byte // FLASK_SECRET_KEY; random per process in development
	// EphemeralKey is true when SecretKey was generated because none was set.
	EphemeralKey bool

	CORSOrigins []string // CORS_ORIGIN, comma separated; empty means the localhost:3000 default

	CookieSecure bool   // SESSION_COOKIE_SECURE
	CookieDomain string // SESSION_COOKIE_DOMAIN
	// SessionIdle ends a session unused for this long (SESSION_IDLE_TIMEOUT).
	SessionIdle time.Duration
	// SessionMaxAge ends a session this long after login (SESSION_MAX_AGE).
	SessionMaxAge time.Duration

	// PasswordSalt is SECURITY_PASSWORD_SALT. It is accepted for compatibility;
	// argon2id uses a random salt per hash, so it has no effect.
	PasswordSalt string

	Mail Mail
	// ResetURLBase is RESET_URL_BASE; unset, it is this server's own reset
	// page, http://localhost:PORT/account/reset (ResetURLDefaulted is then true).
	ResetURLBase      string
	ResetURLDefaulted bool
	// FrontendURL is FRONTEND_URL (optional): the account pages link back to it
	// when a flow is finished.
	FrontendURL string
	// Storage is where music files go: STORAGE_DIR, or the DO_SPACES_* bucket.
	Storage storage.Config

	// Results configures fetching published results pages for the importer.
	Results Results

	Port        int    // PORT (0: any free port, for tests)
	BindAddress string // BIND_ADDRESS: the interface to listen on ("" = all)
	// ShutdownDelay is how long /readyz answers 503 before the listener
	// closes (SHUTDOWN_DELAY).
	ShutdownDelay time.Duration
	MaxBodyBytes  int64         // MAX_BODY_BYTES
	ShutdownWait  time.Duration // SHUTDOWN_TIMEOUT
	// TrustedProxies are the networks whose X-Forwarded-For is believed.
	TrustedProxies []*net.IPNet
	// RateLimits per credential endpoint, as attempts per window.
	RateLimits RateLimits
	// Deadlines bound every request and database statement.
	Deadlines Deadlines
	// LeftoverAge is how old an upload's spool or temporary file must be
	// before the sweep takes it for a crash's leftover (UPLOAD_LEFTOVER_AGE).
	LeftoverAge time.Duration
	// AuditRetention is how long audit events are kept (AUDIT_RETENTION;
	// 0 keeps them forever).
	AuditRetention time.Duration
	// MetricsAddress, when set, serves /metrics on its own listener
	// (METRICS_ADDRESS, host:port) instead of the main port.
	MetricsAddress string
	// AccessLogSuccessLevel is the level of a successful request's log line
	// (ACCESS_LOG_SUCCESS_LEVEL: debug or info).
	AccessLogSuccessLevel string
	// AccessLogSample logs one successful request in this many (ACCESS_LOG_SAMPLE).
	AccessLogSample int
	// HashConcurrency caps password hashes at once (PASSWORD_HASH_CONCURRENCY; 0 = one per CPU).
	HashConcurrency int
	// MemoryLimit is the Go runtime's soft memory limit in bytes
	// (MEMORY_LIMIT; 0 = none; GOMEMLIMIT, when set, wins).
	MemoryLimit int64
	// GoMemLimitSet is true when GOMEMLIMIT is set (it then wins over MEMORY_LIMIT).
	GoMemLimitSet bool
	// DBMaxConns caps this process's database pool (DB_MAX_CONNS).
	DBMaxConns int
	// AutoMigrate makes `serve` apply pending migrations (MIGRATE_ON_START).
	AutoMigrate bool
	LogFormat   string // LOG_FORMAT: text or json
	LogLevel    string // LOG_LEVEL: debug, info, warn, error
}

// Mail configures outgoing SMTP. Mail is disabled when Server is empty.
type Mail struct {
	Server   string
	Port     int
	UseTLS   bool
	UseSSL   bool
	Username string
	Password string
	Sender   string
}

// Enabled reports whether password-reset mail can be sent.
func (m Mail) Enabled() bool { return m.Server != "" }

// RateLimits sets how many attempts each credential endpoint allows per window.
type RateLimits struct {
	Window          time.Duration // RATE_LIMIT_WINDOW
	LoginPerAccount int           // RATE_LIMIT_LOGIN_ACCOUNT
	LoginPerIP      int           // RATE_LIMIT_LOGIN_IP
	RegisterPerIP   int           // RATE_LIMIT_REGISTER_IP
	TokenCheckPerIP int           // RATE_LIMIT_TOKEN_IP (validate-token, reset-confirm, share lookups)
	ResetRequestPer int           // RATE_LIMIT_RESET_REQUEST (per IP and per address)
	ImportPerSkater int           // RATE_LIMIT_IMPORT (results imports per skater)
	CoachLookupPer  int           // RATE_LIMIT_COACH_LOOKUP (coach lookups per user and per client)
}

// Deadlines bound how long a request and a database statement may take.
type Deadlines struct {
	// Request bounds a JSON request, database calls included (REQUEST_TIMEOUT).
	Request time.Duration
	// Long bounds uploads, audio playback and results imports
	// (REQUEST_TIMEOUT_LONG).
	Long time.Duration
	// Statement is PostgreSQL's statement_timeout on the serving pool
	// (DB_STATEMENT_TIMEOUT).
	Statement time.Duration
}

// Results configures the results importer's fetcher (internal/fetch).
type Results struct {
	// AllowedHosts are the only hosts results pages are fetched from
	// (RESULTS_ALLOWED_HOSTS, comma separated host names or IP literals,
	// default DefaultResultsHost). Redirects must stay on them too.
	AllowedHosts []string
	// AllowLoopback lets the fetcher connect to 127.0.0.1 and ::1
	// (RESULTS_ALLOW_LOOPBACK). For tests and local fixtures only; every
	// other private or special address stays refused.
	AllowLoopback bool
	// Timeout bounds one fetch, redirects included (RESULTS_FETCH_TIMEOUT).
	Timeout time.Duration
}

// Defaults used when a variable is unset.
const (
	DefaultPort         = 5000
	DefaultMaxBodyBytes = 1 << 20
	// DefaultResetPath is the account page reset mails link to when
	// RESET_URL_BASE is unset (on http://localhost:PORT).
	DefaultResetPath     = "/account/reset"
	DefaultMailSender    = "noreply@skatetrax.com"
	DefaultMailPort      = 587
	DefaultSessionIdle   = 14 * 24 * time.Hour
	DefaultSessionMaxAge = 31 * 24 * time.Hour
	// DefaultResultsHost is U.S. Figure Skating's results site, the only
	// host the original importer read.
	DefaultResultsHost    = "ijs.usfigureskating.org"
	DefaultResultsTimeout = 15 * time.Second
	// DefaultRequestTimeout is far above a JSON request's normal tens of
	// milliseconds (an argon2 login queue included) and short enough that
	// a client sees a 503 before it gives up by itself.
	DefaultRequestTimeout = 5 * time.Second
	// DefaultLongRequestTimeout covers a 20 MiB upload or an audio stream on
	// a slow link (the server's read and write timeouts are of that order).
	DefaultLongRequestTimeout = 5 * time.Minute
	// DefaultStatementTimeout is above every request deadline of a JSON
	// route: the request's own deadline normally ends a slow query first;
	// this is the database's backstop when the client side is partitioned.
	DefaultStatementTimeout = 10 * time.Second
	// DefaultShutdownDelay covers a load balancer that probes /readyz every
	// few seconds and needs one failure to stop sending.
	DefaultShutdownDelay = 5 * time.Second
	// DefaultLeftoverAge is three times the default long deadline: no live
	// upload's file is that old.
	DefaultLeftoverAge = 15 * time.Minute
	// DefaultAuditRetention keeps a quarter of a year of security events:
	// enough to investigate an incident noticed late, without keeping
	// people's addresses forever.
	DefaultAuditRetention = 90 * 24 * time.Hour
)

// ListenAddr is the host:port to listen on.
func (c Config) ListenAddr() string {
	return net.JoinHostPort(c.BindAddress, strconv.Itoa(c.Port))
}

// Load builds a Config from getenv (os.Getenv in production). It returns
// warnings to log and an error listing every invalid variable.
func Load(getenv func(string) string) (Config, []string, error) {
	l := loader{getenv: getenv}
	c := Config{
		Production:            strings.EqualFold(strings.TrimSpace(getenv("FLASK_ENV")), "production"),
		CookieSecure:          l.bool("SESSION_COOKIE_SECURE", false),
		CookieDomain:          strings.TrimPrefix(strings.TrimSpace(getenv("SESSION_COOKIE_DOMAIN")), "."),
		SessionIdle:           l.duration("SESSION_IDLE_TIMEOUT", DefaultSessionIdle),
		SessionMaxAge:         l.duration("SESSION_MAX_AGE", DefaultSessionMaxAge),
		PasswordSalt:          l.str("SECURITY_PASSWORD_SALT", "skatetrax-salt"),
		ResetURLBase:          strings.TrimSpace(getenv("RESET_URL_BASE")),
		FrontendURL:           strings.TrimSuffix(strings.TrimSpace(getenv("FRONTEND_URL")), "/"),
		Port:                  l.int("PORT", DefaultPort, 0, 65535),
		BindAddress:           strings.TrimSpace(getenv("BIND_ADDRESS")),
		MaxBodyBytes:          int64(l.int("MAX_BODY_BYTES", DefaultMaxBodyBytes, 1024, 1<<30)),
		ShutdownWait:          l.duration("SHUTDOWN_TIMEOUT", 15*time.Second),
		ShutdownDelay:         l.durationOrZero("SHUTDOWN_DELAY", DefaultShutdownDelay),
		AutoMigrate:           l.bool("MIGRATE_ON_START", false),
		DBMaxConns:            l.int("DB_MAX_CONNS", 20, 2, 1000),
		LeftoverAge:           l.duration("UPLOAD_LEFTOVER_AGE", DefaultLeftoverAge),
		AuditRetention:        l.durationOrZero("AUDIT_RETENTION", DefaultAuditRetention),
		MetricsAddress:        strings.TrimSpace(getenv("METRICS_ADDRESS")),
		AccessLogSuccessLevel: l.oneOf("ACCESS_LOG_SUCCESS_LEVEL", "debug", "debug", "info"),
		AccessLogSample:       l.int("ACCESS_LOG_SAMPLE", 1, 1, 1_000_000),
		HashConcurrency:       l.int("PASSWORD_HASH_CONCURRENCY", 0, 0, 256),
		MemoryLimit:           l.bytes("MEMORY_LIMIT"),
		GoMemLimitSet:         strings.TrimSpace(getenv("GOMEMLIMIT")) != "",
		Deadlines: Deadlines{
			Request:   l.duration("REQUEST_TIMEOUT", DefaultRequestTimeout),
			Long:      l.duration("REQUEST_TIMEOUT_LONG", DefaultLongRequestTimeout),
			Statement: l.duration("DB_STATEMENT_TIMEOUT", DefaultStatementTimeout),
		},
		LogFormat: l.oneOf("LOG_FORMAT", "text", "text", "json"),
		LogLevel:  l.oneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error"),
		RateLimits: RateLimits{
			Window:          l.duration("RATE_LIMIT_WINDOW", 15*time.Minute),
			LoginPerAccount: l.int("RATE_LIMIT_LOGIN_ACCOUNT", 10, 1, 1_000_000),
			LoginPerIP:      l.int("RATE_LIMIT_LOGIN_IP", 50, 1, 1_000_000),
			RegisterPerIP:   l.int("RATE_LIMIT_REGISTER_IP", 10, 1, 1_000_000),
			TokenCheckPerIP: l.int("RATE_LIMIT_TOKEN_IP", 30, 1, 1_000_000),
			ResetRequestPer: l.int("RATE_LIMIT_RESET_REQUEST", 5, 1, 1_000_000),
			ImportPerSkater: l.int("RATE_LIMIT_IMPORT", 30, 1, 1_000_000),
			CoachLookupPer:  l.int("RATE_LIMIT_COACH_LOOKUP", 20, 1, 1_000_000),
		},
	}
	c.Results = l.results(c.Production)
	c.DatabaseURL = l.databaseURL()
	for _, o := range strings.Split(getenv("CORS_ORIGIN"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" {
				l.fail("CORS_ORIGIN: %q is not an origin like https://app.example.com", o)
				continue
			}
			c.CORSOrigins = append(c.CORSOrigins, strings.TrimSuffix(o, "/"))
		}
	}
	for _, p := range strings.Split(getenv("TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if ip := net.ParseIP(p); ip != nil && ip.To4() != nil {
				p += "/32"
			} else {
				p += "/128"
			}
		}
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			l.fail("TRUSTED_PROXIES: %q is not an IP address or CIDR network", p)
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	if c.ResetURLBase == "" {
		// The link a mail scanner or a person opens must land somewhere that
		// exists: the reset page this binary serves.
		c.ResetURLBase = fmt.Sprintf("http://localhost:%d%s", c.Port, DefaultResetPath)
		c.ResetURLDefaulted = true
	}
	if c.FrontendURL != "" {
		if u, err := url.Parse(c.FrontendURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l.fail("FRONTEND_URL: %q is not an http(s) URL", c.FrontendURL)
		}
	}
	if u, err := url.Parse(c.ResetURLBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.fail("RESET_URL_BASE: %q is not an http(s) URL", c.ResetURLBase)
	} else if c.Production && isLocalHost(u.Hostname()) {
		l.warn("RESET_URL_BASE points at %s in production: reset links will not work for users", u.Host)
	}
	c.Mail = l.mail()
	if st, err := storage.ConfigFromEnv(getenv); err != nil {
		l.fail("%v", err)
	} else {
		c.Storage = st
	}

	if key := getenv("FLASK_SECRET_KEY"); key != "" {
		c.SecretKey = []byte(key)
		if len(key) < 32 {
			l.warn("FLASK_SECRET_KEY is shorter than 32 characters; use a long random value")
		}
	} else if c.Production {
		l.fail("FLASK_SECRET_KEY must be set in production (FLASK_ENV=production)")
	} else {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			l.fail("generate an ephemeral secret key: %v", err)
		}
		c.SecretKey = []byte(hex.EncodeToString(key))
		c.EphemeralKey = true
		l.warn("FLASK_SECRET_KEY is not set: using a random per-process key; sessions end when the server restarts and are not shared between processes")
	}
	if c.Production && !c.CookieSecure {
		l.warn("SESSION_COOKIE_SECURE is false in production: session cookies are sent over plain HTTP")
	}
	if c.BindAddress != "" && net.ParseIP(strings.Trim(c.BindAddress, "[]")) == nil && c.BindAddress != "localhost" {
		l.fail("BIND_ADDRESS: %q is not an IP address (such as 127.0.0.1 or ::) or localhost", c.BindAddress)
	}
	c.BindAddress = strings.Trim(c.BindAddress, "[]")
	if c.Deadlines.Long < c.Deadlines.Request {
		l.fail("REQUEST_TIMEOUT_LONG (%s) must not be shorter than REQUEST_TIMEOUT (%s)", c.Deadlines.Long, c.Deadlines.Request)
	}
	if c.MetricsAddress != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddress); err != nil {
			l.fail("METRICS_ADDRESS: %q is not host:port (such as 127.0.0.1:9090 or :9090)", c.MetricsAddress)
		}
	}
	if c.MemoryLimit > 0 && c.MemoryLimit < 32<<20 {
		l.fail("MEMORY_LIMIT: %d bytes is below 32MiB; the server cannot run in that", c.MemoryLimit)
	}
	if c.LeftoverAge <= c.Deadlines.Long {
		l.fail("UPLOAD_LEFTOVER_AGE (%s) must be longer than REQUEST_TIMEOUT_LONG (%s): a live upload's files would be removed", c.LeftoverAge, c.Deadlines.Long)
	}
	if c.Results.Timeout > c.Deadlines.Long {
		l.warn("RESULTS_FETCH_TIMEOUT (%s) is longer than REQUEST_TIMEOUT_LONG (%s): imports end at the request deadline", c.Results.Timeout, c.Deadlines.Long)
	}
	if len(l.errs) > 0 {
		return Config{}, l.warns, fmt.Errorf("invalid configuration:\n  %s", strings.Join(l.errs, "\n  "))
	}
	return c, l.warns, nil
}

func isLocalHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// loader collects every problem instead of stopping at the first.
type loader struct {
	getenv func(string) string
	errs   []string
	warns  []string
}

func (l *loader) fail(format string, a ...any) { l.errs = append(l.errs, fmt.Sprintf(format, a...)) }
func (l *loader) warn(format string, a ...any) { l.warns = append(l.warns, fmt.Sprintf(format, a...)) }

func (l *loader) str(name, def string) string {
	if v := strings.TrimSpace(l.getenv(name)); v != "" {
		return v
	}
	return def
}

func (l *loader) bool(name string, def bool) bool {
	v := strings.TrimSpace(strings.ToLower(l.getenv(name)))
	switch v {
	case "":
		return def
	case "true", "1", "yes", "on":
		return true
	case "false", "0", "no", "off":
		return false
	}
	l.fail("%s: %q is not a boolean (true or false)", name, l.getenv(name))
	return def
}

func (l *loader) int(name string, def, lo, hi int) int {
	v := strings.TrimSpace(l.getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		l.fail("%s: %q is not a whole number between %d and %d", name, v, lo, hi)
		return def
	}
	return n
}

func (l *loader) duration(name string, def time.Duration) time.Duration {
	v := strings.TrimSpace(l.getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		l.fail("%s: %q is not a positive duration such as 15m or 336h", name, v)
		return def
	}
	return d
}

// bytes reads a size such as 96MiB, 512MB or 100000000 (0 or unset: none).
func (l *loader) bytes(name string) int64 {
	v := strings.TrimSpace(l.getenv(name))
	if v == "" {
		return 0
	}
	units := []struct {
		suffix string
		factor int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	num, factor := v, int64(1)
	for _, u := range units {
		if strings.HasSuffix(v, u.suffix) {
			num, factor = strings.TrimSpace(strings.TrimSuffix(v, u.suffix)), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/factor {
		l.fail("%s: %q is not a size such as 96MiB, 512MB or a number of bytes", name, v)
		return 0
	}
	return n * factor
}

// durationOrZero is duration that also accepts 0 (off).
func (l *loader) durationOrZero(name string, def time.Duration) time.Duration {
	v := strings.TrimSpace(l.getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		l.fail("%s: %q is not a duration such as 5s (0 turns it off)", name, v)
		return def
	}
	return d
}

func (l *loader) oneOf(name, def string, allowed ...string) string {
	v := strings.ToLower(strings.TrimSpace(l.getenv(name)))
	if v == "" {
		return def
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	l.fail("%s: %q is not one of %s", name, v, strings.Join(allowed, ", "))
	return def
}

// databaseURL prefers DATABASE_URL; otherwise PGDB_HOST/NAME/USER/PASSWORD
// (all four, as the original required) with optional PGDB_SSLMODE. PGDB_HOST
// may carry a port ("db.example.com:6543").
func (l *loader) databaseURL() string {
	if v := strings.TrimSpace(l.getenv("DATABASE_URL")); v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			l.fail("DATABASE_URL: not a postgres:// URL")
		}
		return v
	}
	host, name := strings.TrimSpace(l.getenv("PGDB_HOST")), strings.TrimSpace(l.getenv("PGDB_NAME"))
	user, pass := l.getenv("PGDB_USER"), l.getenv("PGDB_PASSWORD")
	if host == "" && name == "" && user == "" && pass == "" {
		return ""
	}
	var missing []string
	for _, kv := range [][2]string{{"PGDB_HOST", host}, {"PGDB_NAME", name}, {"PGDB_USER", user}} {
		if kv[1] == "" {
			missing = append(missing, kv[0])
		}
	}
	if len(missing) > 0 {
		l.fail("database: %s must be set together with the other PGDB_* variables (or set DATABASE_URL)", strings.Join(missing, ", "))
		return ""
	}
	u := url.URL{Scheme: "postgres", User: url.UserPassword(user, pass), Host: host, Path: "/" + name}
	q := url.Values{}
	if mode := strings.TrimSpace(l.getenv("PGDB_SSLMODE")); mode != "" {
		switch mode {
		case "disable", "allow", "prefer", "require", "verify-ca", "verify-full":
			q.Set("sslmode", mode)
		default:
			l.fail("PGDB_SSLMODE: %q is not a PostgreSQL sslmode", mode)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func (l *loader) mail() Mail {
	m := Mail{Server: strings.TrimSpace(l.getenv("MAIL_SERVER"))}
	if m.Server == "" {
		return m
	}
	m.Port = l.int("MAIL_PORT", DefaultMailPort, 1, 65535)
	m.UseTLS = l.bool("MAIL_USE_TLS", false)
	m.UseSSL = l.bool("MAIL_USE_SSL", false)
	m.Username = l.getenv("MAIL_USERNAME")
	m.Password = l.getenv("MAIL_PASSWORD")
	m.Sender = l.str("MAIL_DEFAULT_SENDER", DefaultMailSender)
	if m.UseTLS && m.UseSSL {
		l.fail("MAIL_USE_TLS and MAIL_USE_SSL are both true: choose STARTTLS (MAIL_USE_TLS, port 587) or implicit TLS (MAIL_USE_SSL, port 465)")
	}
	if _, err := mail.ParseAddress(m.Sender); err != nil {
		l.fail("MAIL_DEFAULT_SENDER: %q is not an email address", m.Sender)
	}
	if !m.UseTLS && !m.UseSSL && m.Username != "" {
		l.warn("MAIL_USERNAME is set but neither MAIL_USE_TLS nor MAIL_USE_SSL: SMTP credentials would travel in clear text")
	}
	return m
}

func (l *loader) results(production bool) Results {
	r := Results{
		AllowLoopback: l.bool("RESULTS_ALLOW_LOOPBACK", false),
		Timeout:       l.duration("RESULTS_FETCH_TIMEOUT", DefaultResultsTimeout),
	}
	for _, h := range strings.Split(l.getenv("RESULTS_ALLOWED_HOSTS"), ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if strings.ContainsAny(h, "/:@?# ") && net.ParseIP(h) == nil {
			l.fail("RESULTS_ALLOWED_HOSTS: %q is not a host name (no scheme, port or path)", h)
			continue
		}
		r.AllowedHosts = append(r.AllowedHosts, strings.ToLower(h))
	}
	if len(r.AllowedHosts) == 0 {
		r.AllowedHosts = []string{DefaultResultsHost}
	}
	if r.AllowLoopback && production {
		l.warn("RESULTS_ALLOW_LOOPBACK is true in production: the results importer may fetch from this machine")
	}
	return r
}

// ErrNoDatabase is returned by callers that need a database when none is configured.
var ErrNoDatabase = errors.New("no database configured: set DATABASE_URL or PGDB_HOST, PGDB_NAME, PGDB_USER and PGDB_PASSWORD")
