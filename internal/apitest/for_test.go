package apitest_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// recorder is a (sub)test that records its failures instead of failing.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// as runs fn as the test rec and waits for it to end.
func as(rec *recorder, fn func(tb testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(rec)
	}()
	<-done
}

// A failing expectation made through For(t) is reported to t, the subtest,
// not to the test that started the server; the cookies stay the client's.
func TestForReportsToTheGivenTest(t *testing.T) {
	t.Parallel()
	s := apitest.New(t)
	c := s.Login(s.Register("ann"))

	sub := &recorder{TB: t}
	as(sub, func(tb testing.TB) { c.For(tb).Get("/api/v4/auth/session").Expect(401) })
	if len(sub.failures) != 1 || !strings.Contains(sub.failures[0], "status 200, want 401") {
		t.Errorf("subtest failures = %q, want the wrong status (with the client's cookie the session is live)", sub.failures)
	}

	srv := &recorder{TB: t}
	as(srv, func(tb testing.TB) { s.For(tb).Client().Get("/api/v4/auth/session").Expect(200) })
	if len(srv.failures) != 1 || !strings.Contains(srv.failures[0], "status 401, want 200") {
		t.Errorf("server helper failures = %q, want the wrong status of a new anonymous client", srv.failures)
	}

	skater := &recorder{TB: t}
	as(skater, func(tb testing.TB) {
		c, _ := s.For(tb).Skater("bo", "UTC") // registers, logs in and onboards without a failure
		c.Get("/api/v4/auth/session").Expect(401)
	})
	if len(skater.failures) != 1 || !strings.Contains(skater.failures[0], "status 200, want 401") {
		t.Errorf("Skater's client failures = %q, want only the wrong status of the logged-in client", skater.failures)
	}

	// The original client still reports to the server's test and works.
	c.Get("/api/v4/auth/session").Expect(200)
}
