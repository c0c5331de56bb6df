-- The central audit log as N hash chains instead of one (db/audit-log.ts): an event goes to the
-- chain of a stable hash of its patient (or, without a patient, of its device), each chain has its
-- own head row locked FOR UPDATE by its writers, so appends to different chains never wait on each
-- other. `seq` stays the global, unique row number (drawn from a sequence, after the transaction
-- has its id, so readers can bound it with the transaction-id watermark); `chain_seq` is the
-- position within the chain, the value the event's hash covers (core's hash-chain `seq`).
-- The existing single chain becomes chain 0 unchanged: its rows keep their hashes (chain_seq = seq).

CREATE TABLE audit.chain_heads (
  chain smallint PRIMARY KEY CHECK (chain >= 0),
  seq   bigint NOT NULL,            -- chain position of the head; 0: the chain is empty
  hash  text NOT NULL               -- hash of the head; '' when empty
);

ALTER TABLE audit.events ADD COLUMN chain smallint NOT NULL DEFAULT 0;
ALTER TABLE audit.events ADD COLUMN chain_seq bigint;
-- The append-only trigger is off only for this one backfill, inside the migration's transaction.
ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete;
UPDATE audit.events SET chain_seq = seq;
ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete;
ALTER TABLE audit.events ALTER COLUMN chain_seq SET NOT NULL;
ALTER TABLE audit.events ALTER COLUMN chain DROP DEFAULT;
CREATE UNIQUE INDEX audit_events_chain_pos ON audit.events (chain, chain_seq);

CREATE SEQUENCE audit.event_seq AS bigint;
SELECT setval('audit.event_seq', coalesce(max(seq), 0) + 1, false) FROM audit.events;

-- 16 chains (CHAIN_COUNT in audit-log.ts); chain 0 continues from the old head.
INSERT INTO audit.chain_heads (chain, seq, hash) SELECT g, 0, '' FROM generate_series(0, 15) AS g;
UPDATE audit.chain_heads h SET seq = e.seq, hash = e.hash
  FROM (SELECT seq, hash FROM audit.events ORDER BY seq DESC LIMIT 1) e WHERE h.chain = 0;
