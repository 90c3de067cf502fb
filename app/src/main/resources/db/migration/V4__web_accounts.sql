-- People who sign in to the web app (issue 6). Same portability rules as V1: TEXT, BIGINT, BOOLEAN, timestamps as
-- epoch milliseconds.

-- Users created by the CLI by name have neither email nor password until one is set; email is stored lower-cased.
-- The unique index (not a column constraint: SQLite cannot add one with ALTER TABLE) allows any number of NULLs.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN admin BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX uq_users_email ON users (email);

-- Signed-in browser sessions, shared by every node. id is the SHA-256 hex of the cookie's random token, so a copy of
-- this table cannot be replayed as cookies. expires_at slides forward as the session is used.
CREATE TABLE web_sessions (
    id         TEXT   NOT NULL PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (id),
    csrf_token TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);

CREATE INDEX idx_web_sessions_user ON web_sessions (user_id);
CREATE INDEX idx_web_sessions_expires ON web_sessions (expires_at);
