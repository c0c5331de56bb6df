-- CDS Hooks 2.0 service (src/cds-hooks/): the cards issued (so feedback, which names only a card's
-- uuid, can be tied back to the card, its patient and the clinician it was shown to), the feedback
-- itself (https://cds-hooks.hl7.org/2.0/#feedback), and the overrides that hide a warning/info
-- card from the same clinician for the same patient and pair for a while (alert fatigue).
-- Keys lead with patient_id, as every clinical table does (distribution by patient).

CREATE TABLE cds_cards (
  patient_id    uuid NOT NULL,
  user_id       uuid NOT NULL,
  card_uuid     text NOT NULL,
  service_id    text NOT NULL,
  hook_instance text NOT NULL,
  card          jsonb NOT NULL,
  issued_at     timestamptz NOT NULL,
  PRIMARY KEY (patient_id, user_id, card_uuid)
);
-- Feedback names the card only: find it among the cards shown to the caller.
CREATE INDEX cds_cards_user_card ON cds_cards (user_id, card_uuid, issued_at DESC);

CREATE TABLE cds_feedback (
  id                   uuid PRIMARY KEY,
  patient_id           uuid NOT NULL,
  user_id              uuid NOT NULL,
  device_id            text NOT NULL,
  service_id           text NOT NULL,
  card_uuid            text NOT NULL,
  outcome              text NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  override_code        text,
  override_comment     text,
  accepted_suggestions text[] NOT NULL DEFAULT '{}',
  outcome_at           timestamptz NOT NULL,   -- the client's outcomeTimestamp
  recorded_at          timestamptz NOT NULL,   -- the server's clock
  CHECK (outcome = 'accepted' OR override_code IS NOT NULL)
);
CREATE INDEX cds_feedback_patient ON cds_feedback (patient_id, recorded_at);

-- The latest override per (patient, clinician, suppression key); the engine decides what it hides
-- (warning/info within its window; critical never).
CREATE TABLE cds_suppressions (
  patient_id    uuid NOT NULL,
  user_id       uuid NOT NULL,
  key           text NOT NULL,
  overridden_at timestamptz NOT NULL,
  PRIMARY KEY (patient_id, user_id, key)
);
