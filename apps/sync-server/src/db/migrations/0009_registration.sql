-- Patient registration and the master patient index.

-- The registrar role (front desk and health information management): demographics, no clinical content.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('physician', 'nurse', 'billing', 'privacy_officer', 'admin', 'registrar'));

-- Identifiers are unique per system across all patients: a second registration with an identifier
-- in use is a conflict, not a second patient. Keyed by (system, value), not by patient: under Citus
-- this is a table distributed by value (or a reference table), looked up before the patient's shard.
CREATE TABLE patient_identifiers (
  system     text NOT NULL,
  value      text NOT NULL,
  patient_id uuid NOT NULL,
  PRIMARY KEY (system, value)
);
CREATE INDEX patient_identifiers_patient ON patient_identifiers (patient_id);

-- Blocking keys of the master patient index (core mpi/blocking.ts): a candidate search reads the
-- patients sharing any key with the query, then core scores them.
CREATE TABLE patient_match_keys (
  key        text NOT NULL,
  patient_id uuid NOT NULL,
  PRIMARY KEY (key, patient_id)
);
CREATE INDEX patient_match_keys_patient ON patient_match_keys (patient_id);

-- Which version of each Patient the identifier and key tables reflect (patients loaded in bulk, or
-- written before this migration, are indexed by the catch-up pass).
CREATE TABLE patient_index_state (
  patient_id uuid PRIMARY KEY,
  version    integer NOT NULL
);

-- Enterprise MRNs: MRN + 8 digits + a Luhn check digit, from a number the demo and imported data
-- never use (synthetic MRNs count from 1).
CREATE SEQUENCE enterprise_mrn_seq AS bigint START 50000001;

-- Provisional MRN ranges handed to workstations, so two offline devices never give out one number.
CREATE SEQUENCE provisional_mrn_block_seq AS bigint START 1;
CREATE TABLE mrn_ranges (
  first_number bigint PRIMARY KEY,
  last_number  bigint NOT NULL CHECK (last_number >= first_number),
  device_id    text NOT NULL REFERENCES devices(id),
  assigned_to  uuid NOT NULL REFERENCES users(id),
  assigned_at  timestamptz NOT NULL
);
CREATE INDEX mrn_ranges_device ON mrn_ranges (device_id, first_number DESC);

-- Suspected duplicates waiting for a person (HIM) to decide: the server never merges on its own.
CREATE TABLE duplicate_reviews (
  id          uuid PRIMARY KEY,
  patient_a   uuid NOT NULL,
  patient_b   uuid NOT NULL CHECK (patient_a < patient_b),
  score       double precision NOT NULL,
  grade       text NOT NULL CHECK (grade IN ('certain', 'probable', 'possible')),
  fields      jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'not-duplicate')),
  created_at  timestamptz NOT NULL,
  decided_by  uuid REFERENCES users(id),
  decided_at  timestamptz,
  UNIQUE (patient_a, patient_b)
);
CREATE INDEX duplicate_reviews_open ON duplicate_reviews (created_at) WHERE status = 'open';
