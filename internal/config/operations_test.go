package config

import (
	"strings"
	"testing"
	"time"
)

func TestOperationsSettings(t *testing.T) {
	t.Run("defaults_are_documented_values", func(t *testing.T) {
		c, _, err := load(map[string]string{})
		if err != nil {
			t.Fatal(err)
		}
		d := c.Deadlines
		if c.ShutdownDelay != DefaultShutdownDelay || c.ListenAddr() != ":5000" {
			t.Errorf("shutdown delay %s, listen %q", c.ShutdownDelay, c.ListenAddr())
		}
		if d.Request != DefaultRequestTimeout || d.Long != DefaultLongRequestTimeout || d.Statement != DefaultStatementTimeout || c.DBMaxConns != 20 {
			t.Errorf("defaults %+v %d", d, c.DBMaxConns)
		}
	})
	t.Run("values_are_read", func(t *testing.T) {
		c, _, err := load(map[string]string{"REQUEST_TIMEOUT": "2s", "REQUEST_TIMEOUT_LONG": "1m", "DB_STATEMENT_TIMEOUT": "3s", "DB_MAX_CONNS": "8"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Deadlines != (Deadlines{Request: 2 * time.Second, Long: time.Minute, Statement: 3 * time.Second}) || c.DBMaxConns != 8 {
			t.Errorf("read %+v %d", c.Deadlines, c.DBMaxConns)
		}
	})
	t.Run("listen_address_and_shutdown_delay", func(t *testing.T) {
		c, _, err := load(map[string]string{"BIND_ADDRESS": "::1", "PORT": "0", "SHUTDOWN_DELAY": "0"})
		if err != nil {
			t.Fatal(err)
		}
		if c.ListenAddr() != "[::1]:0" || c.ShutdownDelay != 0 {
			t.Errorf("listen %q, delay %s", c.ListenAddr(), c.ShutdownDelay)
		}
		if _, _, err := load(map[string]string{"BIND_ADDRESS": "example.com", "SHUTDOWN_DELAY": "-1s"}); err == nil ||
			!strings.Contains(err.Error(), "BIND_ADDRESS") || !strings.Contains(err.Error(), "SHUTDOWN_DELAY") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("bad_values_are_all_reported", func(t *testing.T) {
		_, _, err := load(map[string]string{"REQUEST_TIMEOUT": "soon", "DB_STATEMENT_TIMEOUT": "-1s", "DB_MAX_CONNS": "1"})
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{"REQUEST_TIMEOUT", "DB_STATEMENT_TIMEOUT", "DB_MAX_CONNS"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s: %v", want, err)
			}
		}
	})
	t.Run("leftover_age_must_exceed_the_long_deadline", func(t *testing.T) {
		c, _, err := load(map[string]string{})
		if err != nil || c.LeftoverAge != DefaultLeftoverAge {
			t.Fatalf("default %s %v", c.LeftoverAge, err)
		}
		if _, _, err := load(map[string]string{"UPLOAD_LEFTOVER_AGE": "5m"}); err == nil || !strings.Contains(err.Error(), "UPLOAD_LEFTOVER_AGE") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("audit_retention", func(t *testing.T) {
		c, _, err := load(map[string]string{})
		if err != nil || c.AuditRetention != DefaultAuditRetention {
			t.Fatalf("default %s %v", c.AuditRetention, err)
		}
		if c, _, err = load(map[string]string{"AUDIT_RETENTION": "0"}); err != nil || c.AuditRetention != 0 {
			t.Errorf("0 keeps forever: %s %v", c.AuditRetention, err)
		}
		if _, _, err := load(map[string]string{"AUDIT_RETENTION": "a year"}); err == nil || !strings.Contains(err.Error(), "AUDIT_RETENTION") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("observability_and_memory_settings", func(t *testing.T) {
		c, _, err := load(map[string]string{})
		if err != nil || c.MetricsAddress != "" || c.AccessLogSuccessLevel != "debug" || c.AccessLogSample != 1 || c.HashConcurrency != 0 || c.MemoryLimit != 0 {
			t.Fatalf("defaults %+v %v", c, err)
		}
		c, _, err = load(map[string]string{"METRICS_ADDRESS": "127.0.0.1:9090", "ACCESS_LOG_SUCCESS_LEVEL": "info",
			"ACCESS_LOG_SAMPLE": "100", "PASSWORD_HASH_CONCURRENCY": "2", "MEMORY_LIMIT": "96MiB"})
		if err != nil || c.MetricsAddress != "127.0.0.1:9090" || c.AccessLogSuccessLevel != "info" || c.AccessLogSample != 100 ||
			c.HashConcurrency != 2 || c.MemoryLimit != 96<<20 {
			t.Errorf("read %+v %v", c, err)
		}
		_, _, err = load(map[string]string{"METRICS_ADDRESS": "9090", "ACCESS_LOG_SUCCESS_LEVEL": "trace", "MEMORY_LIMIT": "lots"})
		for _, want := range []string{"METRICS_ADDRESS", "ACCESS_LOG_SUCCESS_LEVEL", "MEMORY_LIMIT"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s: %v", want, err)
			}
		}
		if _, _, err := load(map[string]string{"MEMORY_LIMIT": "1MiB"}); err == nil {
			t.Error("a 1 MiB memory limit was accepted")
		}
	})
	t.Run("long_deadline_shorter_than_default_is_refused", func(t *testing.T) {
		if _, _, err := load(map[string]string{"REQUEST_TIMEOUT": "10s", "REQUEST_TIMEOUT_LONG": "5s"}); err == nil ||
			!strings.Contains(err.Error(), "REQUEST_TIMEOUT_LONG") {
			t.Errorf("err = %v", err)
		}
	})
}
