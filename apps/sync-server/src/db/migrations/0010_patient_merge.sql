-- Patient merges (master patient index): HIM merges a retired record into a surviving one; every
-- resource of the retired record moves to the survivor, and an unmerge moves back exactly those.
CREATE TABLE patient_merges (
  id                uuid PRIMARY KEY,
  survivor_id       uuid NOT NULL,
  retired_id        uuid NOT NULL CHECK (retired_id <> survivor_id),
  reason            text NOT NULL,
  review_id         uuid REFERENCES duplicate_reviews(id),
  status            text NOT NULL DEFAULT 'merged' CHECK (status IN ('merged', 'unmerged')),
  -- The retired Patient's `active` before the merge (NULL: absent), restored by an unmerge.
  retired_active    boolean,
  -- Care-team links the merge added (each record gains the other's members), as [{patient, user}]:
  -- an unmerge removes exactly these.
  added_care_team   jsonb NOT NULL DEFAULT '[]',
  merged_by         uuid NOT NULL REFERENCES users(id),
  merged_at         timestamptz NOT NULL,
  unmerged_by       uuid REFERENCES users(id),
  unmerged_at       timestamptz,
  unmerge_reason    text
);
-- A record is retired by at most one live merge.
CREATE UNIQUE INDEX patient_merges_live_retired ON patient_merges (retired_id) WHERE status = 'merged';
CREATE INDEX patient_merges_survivor ON patient_merges (survivor_id);
CREATE INDEX patient_merges_recent ON patient_merges (merged_at DESC);

-- The resources that came from the retired record: an unmerge moves back these and only these.
CREATE TABLE patient_merge_resources (
  merge_id      uuid NOT NULL REFERENCES patient_merges(id),
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  PRIMARY KEY (merge_id, resource_type, resource_id)
);
