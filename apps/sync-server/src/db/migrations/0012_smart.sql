-- SMART App Launch 2 and SMART Backend Services (src/smart/).

-- Apps an administrator registered. `metadata` is the OAuth client metadata (RFC 7591) oidc-provider
-- validates on every load: redirect URIs, grant types, auth method, JWKS for private_key_jwt, scope.
-- A backend (system) client acts through its own service account (`service_user_id`) so the core
-- access policy decides its every request, and `purpose` bounds its system/ scopes (smart/system-purposes.ts).
CREATE TABLE smart_clients (
  client_id       text PRIMARY KEY,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('public', 'confidential', 'backend')),
  purpose         text,
  launch_url      text,
  -- Every scope the app may ever be granted (context and clinical); oidc-provider's own `scope`
  -- metadata can only hold its static (OpenID) scopes, so the clinical ones are bounded from here.
  scope           text NOT NULL,
  metadata        jsonb NOT NULL,
  service_user_id uuid REFERENCES users(id),
  active          boolean NOT NULL DEFAULT true,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- oidc-provider's storage (its adapter interface): sessions, interactions, authorization codes,
-- grants, access and refresh tokens, replay detection of client assertions. Tokens are stored by
-- their opaque value's id, so the FHIR API can resolve a SMART access token with one indexed read.
CREATE TABLE smart_oidc (
  model       text NOT NULL,
  id          text NOT NULL,
  payload     jsonb NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX smart_oidc_grant ON smart_oidc (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX smart_oidc_uid ON smart_oidc (uid) WHERE uid IS NOT NULL;
CREATE INDEX smart_oidc_expires ON smart_oidc (expires_at);

-- EHR launch contexts the workstation mints for its open patient (the opaque `launch` parameter).
CREATE TABLE smart_launches (
  id         text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users(id),
  patient_id uuid NOT NULL,
  client_id  text REFERENCES smart_clients(client_id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The launch context decided at consent, per grant: travels to every token of the grant (refresh too).
CREATE TABLE smart_grant_context (
  grant_id            text PRIMARY KEY,
  patient_id          uuid,
  need_patient_banner boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL
);

-- The provider's signing key (id tokens), one per database so every app server signs alike.
CREATE TABLE smart_signing_keys (
  kid        text PRIMARY KEY,
  jwk        jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
