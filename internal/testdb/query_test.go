package testdb_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/skatetrax/skatetrax-api/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// recorder is a test that records its fatal failure instead of failing.
type recorder struct {
	testing.TB
	fatal string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit() // stop the helper, as testing does
}

// fatal runs fn as a test of its own and returns its fatal message ("" if none).
func fatal(fn func(tb testing.TB)) string {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r.fatal
}

func TestHelpersFailTheTestOnQueryErrors(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	testdb.Exec(t, pool, `CREATE TABLE things (n int)`)

	for _, tc := range []struct {
		name string
		run  func(tb testing.TB)
		want string
	}{
		{"broken_query_in_scan_fails", func(tb testing.TB) {
			var n int
			testdb.QueryRow(tb, pool, `SELECT no_such_column FROM things`).Scan(&n)
		}, "no_such_column"},
		{"missing_row_in_scan_fails", func(tb testing.TB) {
			var n int
			testdb.QueryRow(tb, pool, `SELECT n FROM things WHERE n = 99`).Scan(&n)
		}, "no rows"},
		{"wrong_destination_type_fails", func(tb testing.TB) {
			var n int
			testdb.QueryRow(tb, pool, `SELECT 'text'`).Scan(&n)
		}, "SELECT 'text'"},
		{"broken_count_fails", func(tb testing.TB) { testdb.Int(tb, pool, `SELECT count(*) FROM no_such_table`) }, "no_such_table"},
		{"broken_column_query_fails", func(tb testing.TB) { testdb.Column[int](tb, pool, `SELECT nope FROM things`) }, "nope"},
		{"broken_statement_fails", func(tb testing.TB) { testdb.Exec(tb, pool, `UPDATE no_such_table SET n = 1`) }, "no_such_table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fatal(tc.run); !strings.Contains(got, tc.want) {
				t.Errorf("fatal message %q, want one naming %q", got, tc.want)
			}
		})
	}
}

func TestHelpersReturnWhatTheQueryFound(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	testdb.Exec(t, pool, `CREATE TABLE things (n int, label text)`)
	if n := testdb.Exec(t, pool, `INSERT INTO things VALUES (3, 'c'), (1, 'a'), (2, 'b')`); n != 3 {
		t.Errorf("Exec reported %d rows, want 3", n)
	}
	if n := testdb.Int(t, pool, `SELECT sum(n) FROM things`); n != 6 {
		t.Errorf("Int = %d, want 6", n)
	}
	var label string
	var n int
	testdb.QueryRow(t, pool, `SELECT label, n FROM things WHERE n = $1`, 2).Scan(&label, &n)
	if label != "b" || n != 2 {
		t.Errorf("Scan = %q %d", label, n)
	}
	if got := testdb.Column[string](t, pool, `SELECT label FROM things ORDER BY n`); strings.Join(got, ",") != "a,b,c" {
		t.Errorf("Column = %v", got)
	}
	if got := testdb.Column[int](t, pool, `SELECT n FROM things WHERE n > 5`); len(got) != 0 {
		t.Errorf("Column of nothing = %v", got)
	}
}
