-- vread and history by (type, id) without the patient (FHIR `/Observation/<id>/_history`) must not
-- scan every version: the primary key leads with patient_id for distribution.
CREATE INDEX resource_versions_type_id_version ON resource_versions (resource_type, id, version);
