-- HL7 v2 interfaces (src/hl7v2): registered senders, the inbound message journal (the error queue
-- is its rows in status 'error' or 'rejected') and lab orders sent out over MLLP.
-- Raw messages are stored as text like every other PHI column of this database (resources.resource
-- is plain jsonb): encryption at rest is the volume's, not a column cipher.

-- A sending system (MSH-3 application, MSH-4 facility) and the system account it acts as; what that
-- account may do is decided by the core access policy for its role, like any other user.
CREATE TABLE hl7_interfaces (
  id                  uuid PRIMARY KEY,
  sending_application text NOT NULL,
  sending_facility    text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('lab', 'adt')),
  user_id             uuid NOT NULL REFERENCES users(id),
  active              boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL,
  UNIQUE (sending_application, sending_facility)
);

-- Every inbound message, stored before it is acknowledged (never lost). Bad ones stay for an
-- interface analyst to replay or discard.
CREATE TABLE hl7_inbound_messages (
  id                  uuid PRIMARY KEY,
  received_at         timestamptz NOT NULL,
  sending_application text,
  sending_facility    text,
  control_id          text,
  message_type        text,
  raw                 text NOT NULL,
  status              text NOT NULL CHECK (status IN ('received', 'accepted', 'error', 'rejected', 'discarded')),
  ack_code            text CHECK (ack_code IN ('AA', 'AE', 'AR')),
  error               text,
  flags               text[] NOT NULL DEFAULT '{}',
  patient_id          uuid,
  attempts            integer NOT NULL DEFAULT 1,
  decided_by          uuid REFERENCES users(id),
  decided_at          timestamptz
);
CREATE INDEX hl7_inbound_queue ON hl7_inbound_messages (received_at) WHERE status IN ('error', 'rejected');

-- ORM^O01 messages for signed lab orders, sent until the lab acknowledges them (AA/CA).
CREATE TABLE hl7_outbound_orders (
  service_request_id text PRIMARY KEY,
  patient_id         uuid NOT NULL,
  control_id         text NOT NULL,
  message            text NOT NULL,
  status             text NOT NULL CHECK (status IN ('pending', 'acked', 'rejected')),
  attempts           integer NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  last_error         text,
  created_at         timestamptz NOT NULL,
  acked_at           timestamptz
);
CREATE INDEX hl7_outbound_due ON hl7_outbound_orders (next_attempt_at) WHERE status = 'pending';

-- The outbound feed's cursor (one row).
CREATE TABLE hl7_outbound_cursor (
  one  boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq  bigint NOT NULL
);
