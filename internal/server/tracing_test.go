package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/skatetrax/skatetrax-api/internal/apitest"
	"github.com/skatetrax/skatetrax-api/internal/database"
	"github.com/skatetrax/skatetrax-api/internal/storage"
	"github.com/skatetrax/skatetrax-api/internal/testdb"
	"github.com/skatetrax/skatetrax-api/internal/tracing"
)

func TestTracing(t *testing.T) {
	t.Parallel()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	_, dbURL := testdb.NewWithURL(t)
	pool, err := database.Open(context.Background(), dbURL, database.Options{Tracer: tracing.NewQueryTracer(tp)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	logs := &logBuffer{}
	logger := slog.New(tracing.LogHandler{Handler: slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})})
	s := apitest.New(t, apitest.Options{Pool: pool, TracerProvider: tp, Logger: logger})

	const parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v4/public/clubs", nil)
	req.Header.Set("traceparent", "00-"+parentTrace+"-00f067aa0ba902b7-01")
	s.Client().Do(req).Expect(http.StatusOK)

	var server, query *tracetest.SpanStub
	spans := exp.GetSpans()
	for i := range spans {
		switch sp := &spans[i]; {
		case sp.Name == "listClubs":
			server = sp
		case strings.HasPrefix(sp.Name, "db "):
			query = sp
		}
	}
	t.Run("one_server_span_named_by_operation_id", func(t *testing.T) {
		if server == nil || server.SpanKind != trace.SpanKindServer {
			t.Fatalf("no server span listClubs among %d spans", len(spans))
		}
		if server.SpanContext.TraceID().String() != parentTrace {
			t.Errorf("trace %s does not continue the caller's %s", server.SpanContext.TraceID(), parentTrace)
		}
	})
	t.Run("queries_are_child_spans", func(t *testing.T) {
		if query == nil || server == nil || query.Parent.SpanID() != server.SpanContext.SpanID() {
			t.Fatalf("query span %+v is not a child of the request span", query)
		}
		if query.Name != "db ListClubs" {
			t.Errorf("query span named %q", query.Name)
		}
	})
	t.Run("log_lines_carry_the_trace_id", func(t *testing.T) {
		found := false
		for _, r := range logs.records(t) {
			if r["msg"] == "request" && r["trace_id"] == parentTrace {
				found = true
			}
		}
		if !found {
			t.Error("the access log line has no trace_id")
		}
	})
	t.Run("storage_calls_are_child_spans", func(t *testing.T) {
		local, err := storage.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		store := tracing.WrapStore(local, tp)
		ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
		if err := store.Put(ctx, "music/a/b.mp3", strings.NewReader("abc"), 3, "audio/mpeg"); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Stat(ctx, "music/a/b.mp3"); err != nil {
			t.Fatal(err)
		}
		parent.End()
		names := map[string]bool{}
		for _, sp := range exp.GetSpans() {
			if sp.Parent.SpanID() == parent.SpanContext().SpanID() {
				names[sp.Name] = true
			}
		}
		if !names["storage put"] || !names["storage stat"] {
			t.Errorf("storage child spans: %v", names)
		}
	})
}

func TestTracingIsOffWithoutAnEndpoint(t *testing.T) {
	tp, shutdown, err := tracing.Setup(context.Background(), func(string) string { return "" }, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(context.Background())
	_, span := tp.Tracer("x").Start(context.Background(), "y")
	if span.SpanContext().IsValid() {
		t.Error("a span was recorded without OTEL_EXPORTER_OTLP_ENDPOINT")
	}
	tp2, shutdown2, err := tracing.Setup(context.Background(), func(k string) string {
		if k == "OTEL_EXPORTER_OTLP_ENDPOINT" {
			return "http://127.0.0.1:4318"
		}
		return ""
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tp2.(*sdktrace.TracerProvider); !ok {
		t.Errorf("with an endpoint set the provider is %T, not the SDK's", tp2)
	}
	_ = shutdown2(context.Background()) // no span was made: nothing to export
}
