package tracing

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// QueryTracer is a pgx.QueryTracer: one client span per query, named by the
// sqlc query name when the SQL carries one ("-- name: ListClubs :many").
// The statement's text is recorded, never its arguments (they hold user data).
type QueryTracer struct {
	tracer trace.Tracer
}

// NewQueryTracer traces queries with tp.
func NewQueryTracer(tp trace.TracerProvider) *QueryTracer {
	return &QueryTracer{tracer: tp.Tracer(ScopeName)}
}

var _ pgx.QueryTracer = (*QueryTracer)(nil)

// TraceQueryStart implements pgx.QueryTracer.
func (t *QueryTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if !trace.SpanFromContext(ctx).SpanContext().IsValid() {
		return ctx // background work outside a request: no orphan root spans
	}
	ctx, _ = t.tracer.Start(ctx, "db "+queryName(data.SQL), trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		attribute.String("db.system.name", "postgresql"),
		attribute.String("db.query.text", truncateSQL(data.SQL)),
	))
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (t *QueryTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	span := trace.SpanFromContext(ctx)
	if data.Err != nil {
		span.RecordError(data.Err)
		span.SetStatus(codes.Error, "query failed")
	}
	span.End()
}

// queryName is sqlc's name of the query, or "query".
func queryName(sql string) string {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(sql), "-- name: "); ok {
		if f := strings.Fields(rest); len(f) > 0 {
			return f[0]
		}
	}
	return "query"
}

func truncateSQL(sql string) string {
	if len(sql) > 2000 {
		return sql[:2000]
	}
	return sql
}
