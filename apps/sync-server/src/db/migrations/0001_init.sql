-- Lantern sync server, initial schema.
-- Clinical tables lead every key and index with patient_id so the schema can be distributed by
-- patient (Citus `create_distributed_table(..., 'patient_id')`) when one server is outgrown.

-- Pull cursors: every write to `resources` takes the next value.
CREATE SEQUENCE change_seq AS bigint;

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  password_hash text NOT NULL,            -- argon2id encoded string
  role          text NOT NULL CHECK (role IN ('physician', 'nurse', 'billing', 'privacy_officer', 'admin')),
  practitioner_id uuid,                   -- FHIR Practitioner, for clinicians
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
  id            text PRIMARY KEY,
  user_id       uuid REFERENCES users(id),
  label         text,
  active        boolean NOT NULL DEFAULT true,
  registered_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz
);

-- Opaque refresh tokens, stored as SHA-256; rotated on every use (family = one sign-in).
CREATE TABLE refresh_tokens (
  token_hash  text PRIMARY KEY,
  family_id   uuid NOT NULL,
  user_id     uuid NOT NULL REFERENCES users(id),
  device_id   text NOT NULL REFERENCES devices(id),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_device ON refresh_tokens (user_id, device_id);

CREATE TABLE care_team (
  patient_id uuid NOT NULL,
  user_id    uuid NOT NULL REFERENCES users(id),
  PRIMARY KEY (patient_id, user_id)
);
CREATE INDEX care_team_user ON care_team (user_id);

CREATE TABLE user_units (
  user_id uuid NOT NULL REFERENCES users(id),
  unit    text NOT NULL,
  PRIMARY KEY (user_id, unit)
);

CREATE TABLE patient_units (
  patient_id uuid NOT NULL,
  unit       text NOT NULL,
  PRIMARY KEY (patient_id, unit)
);
CREATE INDEX patient_units_unit ON patient_units (unit);

CREATE TABLE break_glass_grants (
  id         uuid PRIMARY KEY,
  patient_id uuid NOT NULL,
  user_id    uuid NOT NULL REFERENCES users(id),
  device_id  text,
  reason     text NOT NULL,
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users(id)
);
CREATE INDEX break_glass_user ON break_glass_grants (user_id, expires_at);

-- Current state of every resource; a delete keeps a tombstone row (deleted, resource NULL).
CREATE TABLE resources (
  patient_id    uuid NOT NULL,
  resource_type text NOT NULL,
  id            text NOT NULL,
  version       integer NOT NULL CHECK (version > 0),
  deleted       boolean NOT NULL DEFAULT false,
  resource      jsonb,
  seq           bigint NOT NULL,
  last_updated  timestamptz NOT NULL,
  -- extracted search columns
  codes         text[] NOT NULL DEFAULT '{}',   -- 'system|code' of the resource's main code(s)
  status        text,
  effective     text,                           -- the clinically relevant date, as FHIR text
  PRIMARY KEY (patient_id, resource_type, id),
  CHECK (deleted = (resource IS NULL))
);
CREATE INDEX resources_type_id ON resources (resource_type, id);
CREATE INDEX resources_seq ON resources (seq);
CREATE INDEX resources_patient_seq ON resources (patient_id, seq);
CREATE INDEX resources_patient_codes ON resources USING gin (codes);

CREATE TABLE resource_versions (
  patient_id    uuid NOT NULL,
  resource_type text NOT NULL,
  id            text NOT NULL,
  version       integer NOT NULL,
  deleted       boolean NOT NULL,
  resource      jsonb,
  last_updated  timestamptz NOT NULL,
  user_id       uuid,
  device_id     text,
  mutation_id   uuid,
  PRIMARY KEY (patient_id, resource_type, id, version)
);

-- Idempotency: the first result of each mutation, returned again on a retry.
CREATE TABLE mutation_log (
  mutation_id uuid PRIMARY KEY,
  user_id     uuid NOT NULL,
  device_id   text NOT NULL,
  patient_id  uuid,
  status      text,          -- NULL while the first attempt is in flight
  result      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conflicts (
  id              uuid PRIMARY KEY,
  patient_id      uuid NOT NULL,
  resource_type   text NOT NULL,
  resource_id     text NOT NULL,
  mutation_id     uuid NOT NULL,
  user_id         uuid NOT NULL,
  device_id       text NOT NULL,
  base_version    integer,
  server_version  integer,
  fields          text[] NOT NULL,
  client_resource jsonb,
  server_resource jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at     timestamptz
);
CREATE INDEX conflicts_patient ON conflicts (patient_id, resource_type, resource_id);

-- Which patients each (user, device) has been sent, to tell it to purge the ones that leave its
-- scope and to backfill the ones that enter it after its cursor has moved on.
CREATE TABLE sync_scope (
  user_id        uuid NOT NULL,
  device_id      text NOT NULL,
  patient_id     uuid NOT NULL,
  access_key     text NOT NULL,  -- which resource types were sent; a change means purge and resend
  backfill_until bigint,      -- NULL when the patient's history up to the cursor has been sent
  backfill_after bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, device_id, patient_id)
);

-- Demo data marker, so LANTERN_DEMO=1 seeds once.
CREATE TABLE seed_runs (
  name       text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The audit trail (HIPAA 164.312(b)): append-only, one SHA-256 hash chain over every row.
CREATE SCHEMA audit;

CREATE TABLE audit.events (
  seq           bigint PRIMARY KEY,             -- chain position, from 1
  event_id      text NOT NULL UNIQUE,           -- text, not uuid: every hashed field is kept byte-exact
  device_id     text NOT NULL,
  user_id       text NOT NULL,
  action        text NOT NULL,
  patient_id    text,
  resource_type text,
  resource_id   text,
  outcome       text NOT NULL,
  reason        text,
  detail        jsonb NOT NULL,
  recorded_at   text NOT NULL,                  -- exactly as hashed
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  flagged       boolean GENERATED ALWAYS AS (coalesce((detail->>'breakGlass')::boolean, false)) STORED,
  received_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_events_patient ON audit.events (patient_id, seq);
CREATE INDEX audit_events_flagged ON audit.events (seq) WHERE flagged;

-- Per-device heads of the offline chains ingested so far, and findings (gaps, broken links).
CREATE TABLE audit.device_heads (
  device_id text PRIMARY KEY,
  seq       integer NOT NULL,
  hash      text NOT NULL
);

CREATE TABLE audit.findings (
  id          uuid PRIMARY KEY,
  device_id   text NOT NULL,
  kind        text NOT NULL,
  detail      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION audit.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON audit.events
  FOR EACH ROW EXECUTE FUNCTION audit.reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON audit.events
  FOR EACH STATEMENT EXECUTE FUNCTION audit.reject_change();
CREATE TRIGGER findings_no_update_delete BEFORE UPDATE OR DELETE ON audit.findings
  FOR EACH ROW EXECUTE FUNCTION audit.reject_change();
CREATE TRIGGER findings_no_truncate BEFORE TRUNCATE ON audit.findings
  FOR EACH STATEMENT EXECUTE FUNCTION audit.reject_change();
