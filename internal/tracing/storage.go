package tracing

import (
	"context"
	"io"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/skatetrax/skatetrax-api/internal/storage"
)

// Store traces the calls of an object store, one client span each.
type Store struct {
	storage.Store
	tracer trace.Tracer
}

// WrapStore returns s with its calls traced by tp.
func WrapStore(s storage.Store, tp trace.TracerProvider) storage.Store {
	return &Store{Store: s, tracer: tp.Tracer(ScopeName)}
}

func (s *Store) start(ctx context.Context, op, key string) (context.Context, trace.Span) {
	return s.tracer.Start(ctx, "storage "+op, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("storage.key", key)))
}

func end(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "storage call failed")
	}
	span.End()
}

// Put implements storage.Store.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	ctx, span := s.start(ctx, "put", key)
	err := s.Store.Put(ctx, key, r, size, contentType)
	end(span, err)
	return err
}

// Get implements storage.Store (the span covers opening, not the reading).
func (s *Store) Get(ctx context.Context, key string, rng *storage.Range) (io.ReadCloser, storage.ObjectInfo, error) {
	ctx, span := s.start(ctx, "get", key)
	rc, info, err := s.Store.Get(ctx, key, rng)
	end(span, err)
	return rc, info, err
}

// Stat implements storage.Store.
func (s *Store) Stat(ctx context.Context, key string) (storage.ObjectInfo, error) {
	ctx, span := s.start(ctx, "stat", key)
	info, err := s.Store.Stat(ctx, key)
	end(span, err)
	return info, err
}

// Delete implements storage.Store.
func (s *Store) Delete(ctx context.Context, key string) error {
	ctx, span := s.start(ctx, "delete", key)
	err := s.Store.Delete(ctx, key)
	end(span, err)
	return err
}

// PresignGet implements storage.Store.
func (s *Store) PresignGet(ctx context.Context, key string, ttl time.Duration) (string, bool, error) {
	ctx, span := s.start(ctx, "presign", key)
	url, ok, err := s.Store.PresignGet(ctx, key, ttl)
	end(span, err)
	return url, ok, err
}

// String names the wrapped store.
func (s *Store) String() string { return "traced " + fmtStore(s.Store) }

func fmtStore(s storage.Store) string {
	if st, ok := s.(interface{ String() string }); ok {
		return st.String()
	}
	return "store"
}
