-- Sign-in throttling, kept in Postgres so it holds across every app server behind a load balancer.
-- `sign_in_limits` is rate-limiter-flexible's RateLimiterPostgres table (its own layout: key,
-- points, expire in epoch ms); it is created here by the owner because the application role may
-- not run DDL, and the limiter is told the table exists.
CREATE TABLE sign_in_limits (
  key    varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE INDEX sign_in_limits_expire ON sign_in_limits (expire);

-- Accounts locked after repeated failed sign-ins, until an administrator lifts the lock. Keyed by
-- the normalised username, whether or not such an account exists, so a lockout does not reveal
-- which usernames are real.
CREATE TABLE sign_in_lockouts (
  username_key text PRIMARY KEY,
  user_id      uuid REFERENCES users(id),
  failures     integer NOT NULL,
  locked_at    timestamptz NOT NULL
);
