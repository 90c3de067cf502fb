-- Per-minute endpoint health rollups (routing): what uptime_last_5m/30m/1d, latency_last_30m and throughput_last_30m
-- are computed from, kept so history survives restarts and can be charted.
--   * One row per endpoint, minute and gateway node: each node writes (and rewrites, as the minute fills) only its own
--     rows, so nodes sharing a PostgreSQL never overwrite each other; readers add nodes up.
--   * minute_start is epoch milliseconds of the minute's start, like every timestamp in V1.
--   * Uptime = successes / (successes + failures); excluded_requests (429s and the client's own 4xx) are not in it.
--   * Latency is time to first token in milliseconds; throughput is output tokens per second.
--   * The *_histogram columns hold the log-scale bins ("index:count,..."), so minutes and nodes merge exactly.
CREATE TABLE endpoint_health_minutes (
    endpoint_id          TEXT             NOT NULL,
    minute_start         BIGINT           NOT NULL,
    node_id              TEXT             NOT NULL,
    successes            BIGINT           NOT NULL,
    failures             BIGINT           NOT NULL,
    excluded_requests    BIGINT           NOT NULL,
    latency_samples      BIGINT           NOT NULL,
    latency_p50_ms       BIGINT,
    latency_p75_ms       BIGINT,
    latency_p90_ms       BIGINT,
    latency_p99_ms       BIGINT,
    throughput_samples   BIGINT           NOT NULL,
    throughput_p50       DOUBLE PRECISION,
    throughput_p75       DOUBLE PRECISION,
    throughput_p90       DOUBLE PRECISION,
    throughput_p99       DOUBLE PRECISION,
    latency_histogram    TEXT             NOT NULL,
    throughput_histogram TEXT             NOT NULL,
    PRIMARY KEY (endpoint_id, minute_start, node_id)
);

-- Start-up reads the last day of every endpoint; charts read one endpoint's range (served by the primary key).
CREATE INDEX idx_endpoint_health_minutes_minute ON endpoint_health_minutes (minute_start);
