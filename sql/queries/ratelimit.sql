-- name: HitRateLimit :one
-- Fixed window: counts this hit and starts a new window when the old one is over.
INSERT INTO rate_limits AS rl (bucket, window_start, hits) VALUES (@bucket, now(), 1)
ON CONFLICT (bucket) DO UPDATE SET
    window_start = CASE WHEN rl.window_start <= now() - make_interval(secs => @window_seconds::float8)
                        THEN now() ELSE rl.window_start END,
    hits = CASE WHEN rl.window_start <= now() - make_interval(secs => @window_seconds::float8)
                THEN 1 ELSE rl.hits + 1 END
RETURNING hits, GREATEST(0, EXTRACT(EPOCH FROM (rl.window_start + make_interval(secs => @window_seconds::float8) - now())))::float8 AS retry_after_seconds;

-- name: PeekRateLimit :one
SELECT rl.hits,
       GREATEST(0, EXTRACT(EPOCH FROM (rl.window_start + make_interval(secs => @window_seconds::float8) - now())))::float8 AS retry_after_seconds
FROM rate_limits rl
WHERE rl.bucket = @bucket AND rl.window_start > now() - make_interval(secs => @window_seconds::float8);

-- name: DeleteStaleRateLimits :execrows
DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => @window_seconds::float8);

-- name: ReleaseRateLimit :exec
-- Gives back one hit reserved in the current window (a reservation that did
-- not turn into a counted attempt).
UPDATE rate_limits SET hits = hits - 1
WHERE bucket = @bucket AND hits > 0 AND window_start > now() - make_interval(secs => @window_seconds::float8);
