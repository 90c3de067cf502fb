-- One migration set for SQLite and PostgreSQL, so only types both treat the same way are used:
--   * TEXT ids and strings, BIGINT integers, BOOLEAN flags (SQLite stores them as 0/1 integers).
--   * Money is INTEGER pico-dollars (1e-12 USD) in *_pico_usd columns. NUMERIC/DECIMAL would be exact on
--     PostgreSQL but SQLite's NUMERIC affinity silently turns fractional values into 8-byte floats.
--   * Timestamps are epoch milliseconds (BIGINT): portable, sortable, and day buckets are created_at / 86400000.

CREATE TABLE users (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    hash           TEXT    NOT NULL PRIMARY KEY,
    user_id        TEXT    NOT NULL REFERENCES users (id),
    name           TEXT    NOT NULL,
    label          TEXT    NOT NULL,
    limit_pico_usd BIGINT,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT  NOT NULL
);

CREATE INDEX idx_api_keys_user ON api_keys (user_id);

CREATE TABLE credit_grants (
    id              TEXT   NOT NULL PRIMARY KEY,
    user_id         TEXT   NOT NULL REFERENCES users (id),
    amount_pico_usd BIGINT NOT NULL,
    reason          TEXT,
    created_at      BIGINT NOT NULL
);

CREATE INDEX idx_credit_grants_user_created ON credit_grants (user_id, created_at);

-- An append-only usage log. Deliberately no foreign keys: a row must never be rejected once a request has been
-- served (the recorder retries failed batches forever), and FK checks would slow the hot batch insert.
CREATE TABLE generations (
    id                   TEXT    NOT NULL PRIMARY KEY,
    user_id              TEXT    NOT NULL,
    key_hash             TEXT    NOT NULL,
    model                TEXT    NOT NULL,
    provider_slug        TEXT,
    provider_name        TEXT,
    upstream_id          TEXT,
    prompt_tokens        BIGINT  NOT NULL,
    completion_tokens    BIGINT  NOT NULL,
    cached_tokens        BIGINT  NOT NULL,
    reasoning_tokens     BIGINT  NOT NULL,
    cost_pico_usd        BIGINT  NOT NULL,
    byok                 BOOLEAN NOT NULL,
    streamed             BOOLEAN NOT NULL,
    cancelled            BOOLEAN NOT NULL,
    simulated            BOOLEAN NOT NULL,
    finish_reason        TEXT,
    native_finish_reason TEXT,
    latency_ms           BIGINT,
    generation_time_ms   BIGINT  NOT NULL,
    status               INTEGER NOT NULL,
    error_message        TEXT,
    app_referer          TEXT,
    app_title            TEXT,
    route_json           TEXT,
    created_at           BIGINT  NOT NULL
);

-- Usage sums and per-day activity charts filter by user, key or model and bucket by created_at.
CREATE INDEX idx_generations_user_created ON generations (user_id, created_at);
CREATE INDEX idx_generations_key_created ON generations (key_hash, created_at);
CREATE INDEX idx_generations_model_created ON generations (model, created_at);
CREATE INDEX idx_generations_created ON generations (created_at);
