-- Lantern local chart store, schema 1. Never edit a migration that has shipped: add 0002_*.sql.
-- Every table lives inside the SQLCipher-encrypted file; names, MRNs and notes are PHI.

-- One row per FHIR resource: the JSON plus the columns the chart screens search and sort by,
-- extracted on write (extract-columns.ts) so chart queries are index-only lookups by patient.
CREATE TABLE resources (
  rid            INTEGER PRIMARY KEY,
  resource_type  TEXT NOT NULL,
  id             TEXT NOT NULL UNIQUE,
  patient_id     TEXT,                       -- NULL for resources outside any chart (Practitioner)
  version        TEXT,                       -- server meta.versionId; NULL until the server has it
  last_updated   TEXT,
  status         TEXT,                       -- clinicalStatus / status / docStatus, lower-case code
  code           TEXT,                       -- 'system|code' of the first coding
  label          TEXT,                       -- code.text or display; a note's title
  category       TEXT,                       -- first category code (vital-signs, laboratory, ...)
  effective      TEXT,                       -- effective/onset/authoredOn/period.start/date (ISO 8601)
  value_num      REAL,                       -- Observation value (systolic for a BP panel)
  value_unit     TEXT,
  value2_num     REAL,                       -- diastolic for a BP panel
  value2_unit    TEXT,
  interpretation TEXT,                       -- HL7 v3 ObservationInterpretation code
  ref_low        REAL,
  ref_high       REAL,
  author         TEXT,                       -- a note's author display
  pending        INTEGER NOT NULL DEFAULT 0, -- 1 = a local edit the server has not acknowledged
  deleted        INTEGER NOT NULL DEFAULT 0, -- 1 = deleted locally, delete not yet acknowledged
  json           TEXT NOT NULL               -- last so the columns above are read without overflow pages
);

-- Chart open: everything of one type for one patient, newest first.
CREATE INDEX resources_by_patient ON resources (patient_id, resource_type, effective DESC);
-- Latest vitals / recent labs / lab series: covering, so no table row (or JSON) is read.
CREATE INDEX observations_by_code ON resources (
  patient_id, category, code, effective DESC,
  value_num, value_unit, value2_num, value2_unit, interpretation, ref_low, ref_high, label, id, pending, status, deleted
) WHERE resource_type = 'Observation';
-- Notes list: covering; a note's JSON (the whole SOAP text) is never read to list it.
CREATE INDEX notes_by_patient ON resources (
  patient_id, effective DESC, resource_type, id, label, author, status, pending, deleted
) WHERE resource_type IN ('DocumentReference', 'Composition');
CREATE INDEX pending_by_patient ON resources (patient_id) WHERE pending = 1;

-- Patient search: banner facts for result rows, and a contentless FTS5 index of name tokens,
-- the MRN and the birth date in several spellings (search-tokens.ts). rowid = patients.rid.
CREATE TABLE patients (
  rid          INTEGER PRIMARY KEY,
  patient_id   TEXT NOT NULL UNIQUE,
  mrn          TEXT NOT NULL,
  name         TEXT NOT NULL,
  sort_name    TEXT NOT NULL,
  birth_date   TEXT NOT NULL,
  sex          TEXT NOT NULL
);
CREATE VIRTUAL TABLE patient_fts USING fts5(
  tokens,
  content = '',
  contentless_delete = 1,
  detail = 'none',
  prefix = '1 2 3 4',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Pending mutations in the order the clinician made them (sync protocol Mutation).
CREATE TABLE outbox (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id   TEXT NOT NULL UNIQUE,
  patient_id    TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  op            TEXT NOT NULL,
  mutation      TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX outbox_by_resource ON outbox (resource_id);
CREATE INDEX outbox_by_patient ON outbox (patient_id);

-- Conflicts the server reported, kept until a clinician resolves them.
CREATE TABLE conflicts (
  conflict_id     TEXT PRIMARY KEY,
  mutation_id     TEXT NOT NULL,
  patient_id      TEXT NOT NULL,
  resource_type   TEXT NOT NULL,
  resource_id     TEXT NOT NULL,
  fields          TEXT NOT NULL,   -- JSON array of paths
  local_resource  TEXT,            -- JSON
  server_resource TEXT,            -- JSON
  created_at      TEXT NOT NULL,
  resolved_at     TEXT,
  resolution      TEXT
) WITHOUT ROWID;
CREATE INDEX conflicts_open ON conflicts (patient_id) WHERE resolved_at IS NULL;

-- Sync cursors and small sync state, by name.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Offline sign-in, saved at the last online sign-in: a password verifier, never a password.
CREATE TABLE offline_credentials (
  user_id       TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  credential    TEXT NOT NULL,   -- JSON: verifier, role, signed offline grant, scope
  expires_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) WITHOUT ROWID;

-- This device's audit events, hash-chained (core audit/hash-chain), kept until the server ingests them.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  event_id   TEXT NOT NULL UNIQUE,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL,
  event      TEXT NOT NULL,          -- the ChainedAuditEvent as JSON
  sent       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX audit_unsent ON audit_log (seq) WHERE sent = 0;
