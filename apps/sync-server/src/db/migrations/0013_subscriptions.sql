-- FHIR R4 rest-hook subscriptions and their deliveries (src/subscriptions/), and the audit of
-- de-identified research exports (src/deid/).

-- A system that may receive notifications: the user (service account) it acts as, so the core
-- access policy decides what it may read, and the resource types it is registered for. H7's SMART
-- client registry can replace this table behind subscriptions/subscriber.ts.
CREATE TABLE subscriber_clients (
  client_id     text PRIMARY KEY,
  name          text NOT NULL,
  user_id       uuid NOT NULL UNIQUE REFERENCES users(id),
  allowed_types text[] NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subscriptions (
  id            uuid PRIMARY KEY,
  client_id     text NOT NULL REFERENCES subscriber_clients(client_id),
  status        text NOT NULL CHECK (status IN ('active', 'off', 'error')),
  criteria      text NOT NULL,
  resource_type text NOT NULL,
  endpoint      text NOT NULL,
  payload       text,                 -- NULL: an id-only notification bundle; 'application/fhir+json': the resource
  headers       text[] NOT NULL DEFAULT '{}',
  resource      jsonb NOT NULL,       -- the Subscription as created (FHIR read returns it)
  -- The change sequence when it was made: only later changes are notified.
  start_seq     bigint NOT NULL,
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX subscriptions_active ON subscriptions (resource_type) WHERE status = 'active';

-- How far the dispatcher has read the change feed (the same change_seq sync.pull pages by).
CREATE TABLE subscription_cursor (
  id  integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);

-- One notification of one resource version to one subscription. No resource content is kept:
-- the payload is read fresh at each attempt, so a dead letter holds ids, never PHI.
CREATE TABLE subscription_deliveries (
  id              bigserial PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  patient_id      uuid NOT NULL,
  resource_type   text NOT NULL,
  resource_id     text NOT NULL,
  version         integer NOT NULL,
  seq             bigint NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'dead-lettered')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error      text,
  last_attempt_at timestamptz,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  UNIQUE (subscription_id, resource_type, resource_id, version)
);
CREATE INDEX subscription_deliveries_due ON subscription_deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX subscription_deliveries_dead ON subscription_deliveries (subscription_id) WHERE status = 'dead-lettered';
