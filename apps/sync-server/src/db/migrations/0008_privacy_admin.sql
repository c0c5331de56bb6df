-- Privacy officer and administrator workspaces (HIPAA 164.308(a)(1)(ii)(D) information system
-- activity review; 164.312(b) audit controls; 164.308(a)(4) access management).

-- The time of an access as the recording device saw it. `recorded_at` is an ISO instant with an
-- explicit offset (core's fhirInstant), so the cast does not depend on the session time zone and
-- can be declared IMMUTABLE for the report indexes below.
CREATE FUNCTION audit.instant(v text) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT v::timestamptz
$$;

-- Patient access report (one patient over a range of device times) and user activity report (one
-- user over a range): both read only index ranges, however large the log grows. Offline events
-- ingested late sort by when they happened, not by when they arrived.
CREATE INDEX audit_events_patient_time ON audit.events (patient_id, audit.instant(recorded_at)) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_events_user_time ON audit.events (user_id, audit.instant(recorded_at));

-- Staff identity used only to detect staff-as-patient and family lookups; set by an administrator.
ALTER TABLE users
  ADD COLUMN family_name text,
  ADD COLUMN home_address text,
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- Break-glass review outcome: appropriate, or referred for investigation, always with a note.
ALTER TABLE break_glass_grants
  ADD COLUMN review_outcome text CHECK (review_outcome IN ('appropriate', 'refer')),
  ADD COLUMN review_note text;
CREATE INDEX break_glass_granted ON break_glass_grants (granted_at DESC);

-- Patients whose every access is reported (VIP, staff member as patient).
CREATE TABLE restricted_patients (
  patient_id uuid PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('vip', 'staff')),
  flagged_by uuid REFERENCES users(id),
  flagged_at timestamptz NOT NULL
);

-- Suspicious-access alerts, raised by the alert processor from audit.events (seq order, so events
-- ingested late from offline workstations are judged too). One row per dedupe key; later events of
-- the same finding join it. Details hold ids and counts only.
CREATE TABLE privacy_alerts (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('same-surname', 'same-address', 'after-hours', 'many-charts', 'repeated-denials', 'break-glass-frequency', 'restricted-patient')),
  user_id         text NOT NULL,
  patient_id      text,
  dedupe_key      text NOT NULL UNIQUE,
  occurred_at     timestamptz NOT NULL,  -- device time of the first event behind it
  raised_at       timestamptz NOT NULL,  -- server time
  event_seqs      bigint[] NOT NULL,
  detail          jsonb NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users(id),
  ack_note        text
);
CREATE INDEX privacy_alerts_open ON privacy_alerts (raised_at DESC) WHERE acknowledged_at IS NULL;
CREATE INDEX privacy_alerts_raised ON privacy_alerts (raised_at DESC);

-- How far the alert processor has read the audit chain (one row).
CREATE TABLE privacy_alert_cursor (
  id  integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);
INSERT INTO privacy_alert_cursor (id, seq) VALUES (1, 0);

-- Workstation policy, set centrally and delivered to workstations when they sync (one row).
CREATE TABLE workstation_policy (
  id                     integer PRIMARY KEY CHECK (id = 1),
  auto_lock_minutes      integer NOT NULL CHECK (auto_lock_minutes BETWEEN 1 AND 240),
  offline_grant_hours    integer NOT NULL CHECK (offline_grant_hours BETWEEN 1 AND 720),
  sync_interval_seconds  integer NOT NULL CHECK (sync_interval_seconds BETWEEN 5 AND 3600),
  cds_suppression_hours  integer NOT NULL CHECK (cds_suppression_hours BETWEEN 0 AND 720),
  updated_at             timestamptz NOT NULL,
  updated_by             uuid REFERENCES users(id)
);
INSERT INTO workstation_policy (id, auto_lock_minutes, offline_grant_hours, sync_interval_seconds, cds_suppression_hours, updated_at)
  VALUES (1, 10, 72, 30, 24, now());

-- What workstations report when they sync, and remote wipe requests.
ALTER TABLE devices
  ADD COLUMN app_version text,
  ADD COLUMN kb_version text,
  ADD COLUMN pending_count integer,
  ADD COLUMN reported_at timestamptz,
  ADD COLUMN wipe_requested_at timestamptz,
  ADD COLUMN wipe_requested_by uuid REFERENCES users(id),
  ADD COLUMN wiped_at timestamptz;
