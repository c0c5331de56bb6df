-- Provisional MRN ranges the sync server assigned to this workstation (registration.allocateMrnRange):
-- a patient registered offline gets the next number of the open range, so two offline workstations
-- never give out the same MRN. Additive only.
CREATE TABLE provisional_mrn_ranges (
  first_number INTEGER PRIMARY KEY,
  last_number  INTEGER NOT NULL CHECK (last_number >= first_number),
  next_number  INTEGER NOT NULL,
  received_at  TEXT NOT NULL
);
