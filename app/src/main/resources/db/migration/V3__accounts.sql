-- Accounts, key limits, BYOK and app attribution (issue 4). Same portability rules as V1: TEXT, BIGINT, BOOLEAN,
-- money as pico-dollars, timestamps as epoch milliseconds.

-- Key kinds: 'inference' keys call models; 'management' keys only manage keys and BYOK credentials.
ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'inference';
-- NULL: the limit counts all usage ever; 'daily' / 'weekly' / 'monthly': usage since midnight UTC / Monday / the 1st.
ALTER TABLE api_keys ADD COLUMN limit_reset TEXT;
ALTER TABLE api_keys ADD COLUMN include_byok_in_limit BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
ALTER TABLE api_keys ADD COLUMN updated_at BIGINT;
-- Requests per minute for this key; NULL means the server default.
ALTER TABLE api_keys ADD COLUMN rate_limit_rpm BIGINT;

-- What the provider charged the user's own key for a BYOK generation (cost_pico_usd is then Switchboard's fee).
ALTER TABLE generations ADD COLUMN upstream_cost_pico_usd BIGINT;

-- Provider keys users bring. The secret is only ever stored encrypted (AES-256-GCM under the master key from
-- SWITCHBOARD_MASTER_KEY); label is a masked hint such as "sk-...wxyz". One key per user and provider.
CREATE TABLE byok_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id),
    provider   TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    label      TEXT    NOT NULL,
    ciphertext TEXT    NOT NULL,
    always_use BOOLEAN NOT NULL DEFAULT FALSE,
    disabled   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    CONSTRAINT uq_byok_keys_user_provider UNIQUE (user_id, provider)
);

-- Per-day app attribution rollup (rankings, the model pages' Apps tab). Updated in the same transaction as the
-- generation rows it counts, and only for rows actually inserted, so it always equals the GROUP BY over generations.
-- day is the UTC epoch day (created_at / 86400000); app_origin is the normalised HTTP-Referer origin.
CREATE TABLE app_daily_usage (
    day               BIGINT NOT NULL,
    app_origin        TEXT   NOT NULL,
    model             TEXT   NOT NULL,
    app_title         TEXT,
    prompt_tokens     BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    reasoning_tokens  BIGINT NOT NULL,
    requests          BIGINT NOT NULL,
    PRIMARY KEY (day, app_origin, model)
);

CREATE INDEX idx_app_daily_usage_model_day ON app_daily_usage (model, day);
