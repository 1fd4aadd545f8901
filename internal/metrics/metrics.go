// Package metrics exposes the service's Prometheus metrics: requests by
// operation (the contract's operationId), latency, in-flight requests, the
// database pool, the password-hash queue, the mail queue, rate-limit
// refusals, upload bytes, sweep results and the build. Each App has its own
// registry (no global state), served at /metrics.
package metrics

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/skatetrax/skatetrax-api/internal/mail"
)

const namespace = "skatetrax"

// Metrics holds the service's collectors.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	refusals    *prometheus.CounterVec
	uploadBytes prometheus.Counter
	swept       *prometheus.CounterVec
	hashWait    prometheus.Histogram
}

// New registers the collectors; version is the build's.
func New(version string) *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		registry: r,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "http_requests_total",
			Help: "Requests answered, by operationId (\"other\" outside the contract), method and status class (1xx-5xx; 499 counts as 4xx)."},
			[]string{"operation", "method", "status_class"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time from the request's arrival to its answer, by operationId and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120}},
			[]string{"operation", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "http_requests_in_flight",
			Help: "Requests being handled now."}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "rate_limit_refusals_total",
			Help: "Requests refused by a rate limit, by bucket family (login:ip, login:account, ...)."}, []string{"bucket"}),
		uploadBytes: prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "upload_bytes_total",
			Help: "Bytes of music upload bodies received."}),
		swept: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "sweep_removed_total",
			Help: "What the background sweeps removed, by kind."}, []string{"kind"}),
		hashWait: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "password_hash_wait_seconds",
			Help:    "How long a login, registration or password change waited for a password-hash slot.",
			Buckets: []float64{0, .001, .01, .05, .1, .25, .5, 1, 2.5, 5}}),
	}
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace, Name: "build_info",
		Help: "Always 1; the labels name the build."}, []string{"version"})
	buildInfo.WithLabelValues(version).Set(1)
	r.MustRegister(m.requests, m.duration, m.inFlight, m.refusals, m.uploadBytes, m.swept, m.hashWait, buildInfo,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Middleware counts and times every request, named by operation(c).
func (m *Metrics) Middleware(operation func(echo.Context) string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			op := operation(c)
			if op == "" {
				op = "other" // unknown paths: a bounded label, whatever a scanner sends
			}
			if op == "uploadTrack" {
				r := c.Request()
				r.Body = countingBody{r.Body, m.uploadBytes}
			}
			m.inFlight.Inc()
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err) // answer now, so the status is known
			}
			m.inFlight.Dec()
			method := c.Request().Method
			m.duration.WithLabelValues(op, method).Observe(time.Since(start).Seconds())
			m.requests.WithLabelValues(op, method, statusClass(c.Response().Status)).Inc()
			return nil
		}
	}
}

func statusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

type countingBody struct {
	io.ReadCloser
	n prometheus.Counter
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(float64(n))
	return n, err
}

// Refused counts n refusals of a bucket family.
func (m *Metrics) Refused(bucket string, n int64) { m.refusals.WithLabelValues(bucket).Add(float64(n)) }

// HashWait observes one wait for a password-hash slot.
func (m *Metrics) HashWait(d time.Duration) { m.hashWait.Observe(d.Seconds()) }

// Swept counts what a sweep removed.
func (m *Metrics) Swept(kind string, n int64) {
	if n > 0 {
		m.swept.WithLabelValues(kind).Add(float64(n))
	}
}

// HashQueue exposes the number of requests waiting for a hash slot.
func (m *Metrics) HashQueue(waiting func() int64) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: namespace, Name: "password_hash_queue",
		Help: "Requests waiting for a password-hash slot now."}, func() float64 { return float64(waiting()) }))
}

// MailQueue exposes the mail queue's depth and counters.
func (m *Metrics) MailQueue(stats func() mail.Stats) {
	m.registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: namespace, Name: "mail_queue_depth",
			Help: "Mails waiting to be sent."}, func() float64 { return float64(stats().Depth) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace, Name: "mail_sent_total",
			Help: "Mails delivered to the SMTP server."}, func() float64 { return float64(stats().Sent) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace, Name: "mail_failed_total",
			Help: "Mails whose delivery failed."}, func() float64 { return float64(stats().Failed) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace, Name: "mail_dropped_total",
			Help: "Mails refused because the queue was full or stopping."}, func() float64 { return float64(stats().Dropped) }),
	)
}

// Pool exposes the database pool's statistics.
func (m *Metrics) Pool(pool *pgxpool.Pool) { m.registry.MustRegister(poolCollector{pool}) }

type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolAcquired = prometheus.NewDesc(namespace+"_db_pool_acquired_connections", "Connections in use now.", nil, nil)
	poolIdle     = prometheus.NewDesc(namespace+"_db_pool_idle_connections", "Idle connections now.", nil, nil)
	poolTotal    = prometheus.NewDesc(namespace+"_db_pool_total_connections", "Open connections now.", nil, nil)
	poolMax      = prometheus.NewDesc(namespace+"_db_pool_max_connections", "The pool's size limit (DB_MAX_CONNS).", nil, nil)
	poolWaits    = prometheus.NewDesc(namespace+"_db_pool_acquire_waits_total", "Acquires that had to wait for a connection.", nil, nil)
	poolWaitTime = prometheus.NewDesc(namespace+"_db_pool_acquire_wait_seconds_total", "Total time acquires waited for a connection.", nil, nil)
	poolFailed   = prometheus.NewDesc(namespace+"_db_pool_acquire_canceled_total", "Acquires given up (deadline or client gone).", nil, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolAcquired, poolIdle, poolTotal, poolMax, poolWaits, poolWaitTime, poolFailed} {
		ch <- d
	}
}

func (p poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := p.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolAcquired, prometheus.GaugeValue, float64(s.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.IdleConns()))
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.TotalConns()))
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, s.EmptyAcquireWaitTime().Seconds())
	ch <- prometheus.MustNewConstMetric(poolFailed, prometheus.CounterValue, float64(s.CanceledAcquireCount()))
}
