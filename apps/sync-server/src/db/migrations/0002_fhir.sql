-- FHIR R4 REST API (src/fhir/): date-range helpers for search, indexes for _lastUpdated and type
-- history, and the persisted jobs of bulk $export (https://hl7.org/fhir/uv/bulkdata/export.html).

-- The implicit range of a FHIR date/dateTime/instant (http://hl7.org/fhir/R4/search.html#date):
-- '2026' covers the year, '2026-11' the month, '2026-11-20' the day, a dateTime its second.
-- Values without a time are taken as UTC. Malformed text gives NULL (never matches), not an error.
CREATE FUNCTION fhir_date_low(v text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF v IS NULL THEN RETURN NULL; END IF;
  IF v ~ '^\d{4}$' THEN RETURN (v || '-01-01T00:00:00Z')::timestamptz; END IF;
  IF v ~ '^\d{4}-\d{2}$' THEN RETURN (v || '-01T00:00:00Z')::timestamptz; END IF;
  IF v ~ '^\d{4}-\d{2}-\d{2}$' THEN RETURN (v || 'T00:00:00Z')::timestamptz; END IF;
  IF v ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$' THEN RETURN v::timestamptz; END IF;
  RETURN NULL;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

CREATE FUNCTION fhir_date_high(v text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE lo timestamptz := fhir_date_low(v);
BEGIN
  IF lo IS NULL THEN RETURN NULL; END IF;
  IF v ~ '^\d{4}$' THEN RETURN lo + interval '1 year'; END IF;
  IF v ~ '^\d{4}-\d{2}$' THEN RETURN lo + interval '1 month'; END IF;
  IF v ~ '^\d{4}-\d{2}-\d{2}$' THEN RETURN lo + interval '1 day'; END IF;
  IF v ~ '\.\d+' THEN RETURN lo + interval '1 millisecond'; END IF;
  RETURN lo + interval '1 second';
END $$;

-- Lower-cased parts of a HumanName array, for the `name`/`family`/`given` string parameters.
CREATE FUNCTION fhir_name_parts(names jsonb, part text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(lower(x)), '{}') FROM (
    SELECT n->>'family' AS x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(names) = 'array' THEN names ELSE '[]'::jsonb END) n
      WHERE part IN ('name', 'family')
    UNION ALL
    SELECT n->>'text' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(names) = 'array' THEN names ELSE '[]'::jsonb END) n
      WHERE part = 'name'
    UNION ALL
    SELECT g FROM jsonb_array_elements(CASE WHEN jsonb_typeof(names) = 'array' THEN names ELSE '[]'::jsonb END) n,
      jsonb_array_elements_text(CASE WHEN jsonb_typeof(n->'given') = 'array' THEN n->'given' ELSE '[]'::jsonb END) g
      WHERE part IN ('name', 'given')
    UNION ALL
    SELECT p FROM jsonb_array_elements(CASE WHEN jsonb_typeof(names) = 'array' THEN names ELSE '[]'::jsonb END) n,
      jsonb_array_elements_text(CASE WHEN jsonb_typeof(n->'prefix') = 'array' THEN n->'prefix' ELSE '[]'::jsonb END
        || CASE WHEN jsonb_typeof(n->'suffix') = 'array' THEN n->'suffix' ELSE '[]'::jsonb END) p
      WHERE part = 'name'
  ) s WHERE x IS NOT NULL
$$;

CREATE INDEX resources_type_updated ON resources (resource_type, last_updated);
CREATE INDEX resource_versions_type_updated ON resource_versions (resource_type, last_updated);

-- Bulk Data export jobs: kicked off, polled and downloaded by the same user; files live under the
-- server's data dir (exports/<job id>/) and are removed on cancel or expiry.
CREATE TABLE export_jobs (
  id               uuid PRIMARY KEY,
  user_id          uuid NOT NULL,
  device_id        text NOT NULL,
  role             text NOT NULL,
  level            text NOT NULL CHECK (level IN ('system', 'patient', 'group')),
  group_id         text,
  types            text[],                 -- NULL: every type the caller may read
  since            timestamptz,
  request_url      text NOT NULL,
  status           text NOT NULL CHECK (status IN ('in-progress', 'completed', 'failed', 'cancelled')),
  progress         text,
  transaction_time timestamptz NOT NULL,
  output           jsonb,
  error            text,
  created_at       timestamptz NOT NULL,
  completed_at     timestamptz,
  expires_at       timestamptz NOT NULL
);
CREATE INDEX export_jobs_user ON export_jobs (user_id, created_at);
