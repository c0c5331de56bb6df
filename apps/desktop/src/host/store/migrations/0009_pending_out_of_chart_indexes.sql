-- A catch-up push acknowledges hundreds of edits per transaction, and each acknowledgement clears the
-- row's `pending`. With `pending` in these two covering indexes every clear also moved the row's
-- index entry: about half the pages a batch of acknowledgements dirtied, each re-encrypted at commit
-- and again at checkpoint. The chart reads `pending` from the table row (the latest value of each
-- code) or from the partial index pending_by_patient (the notes list); a trend never needs it.
DROP INDEX observations_by_code;
CREATE INDEX observations_by_code ON resources (
  patient_id, category, code, effective DESC,
  value_num, value_unit, value2_num, value2_unit, interpretation, ref_low, ref_high, label, id, status, deleted
) WHERE resource_type = 'Observation';
DROP INDEX notes_by_patient;
CREATE INDEX notes_by_patient ON resources (
  patient_id, effective DESC, resource_type, id, label, author, status, deleted
) WHERE resource_type IN ('DocumentReference', 'Composition');
