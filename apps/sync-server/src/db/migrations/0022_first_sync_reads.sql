-- The two reads that plan a first sync (sync/first-sync.ts), before its first page can leave:
-- which patients of the scope are the clinician's own (an in-progress Encounter they take part
-- in) and how many live resources each patient has up to the safe sequence. On 250,000 resources
-- both were whole-table scans (a bitmap scan of every Encounter, a parallel sequential scan), about
-- 1.5 s on a loaded server, all of it before the clinician's first chart could start to arrive.
--
-- Open stays only: one small entry per patient in hospital, read by patient.
CREATE INDEX resources_in_progress_encounters ON resources (patient_id)
  WHERE resource_type = 'Encounter' AND status = 'in-progress' AND NOT deleted;
-- Live resources by patient in change order: the per-patient counts become index-only scans,
-- and the backfill's keyset reads (patient_id, seq > after) skip deleted rows inside the index.
CREATE INDEX resources_live_patient_seq ON resources (patient_id, seq) WHERE NOT deleted;
