-- Workstation versions declared at sign-in, and the update packages IT approved (src/updates/).

-- What each device said it runs at its last sign-in or refresh: sync push and pull check it
-- against the server's supported range. No row: a client that never declared (protocol 2).
CREATE TABLE workstation_versions (
  device_id     text PRIMARY KEY,
  app_version   text,
  protocol_min  integer,
  protocol_max  integer,
  declared_at   timestamptz NOT NULL
);

-- One signed package per channel, platform and version. The file lives under the server's data
-- directory (updates/files/<id>); sha512 is base64 as electron-updater's latest.yml carries it,
-- signature the detached Ed25519 signature (base64) by the organisation's release key.
CREATE TABLE update_packages (
  id                 uuid PRIMARY KEY,
  channel            text NOT NULL CHECK (channel IN ('stable', 'pilot')),
  platform           text NOT NULL CHECK (platform IN ('win', 'mac', 'linux')),
  version            text NOT NULL,
  file_name          text NOT NULL,
  size               bigint NOT NULL CHECK (size > 0),
  sha512             text NOT NULL,
  signature          text NOT NULL,
  release_date       timestamptz NOT NULL,
  staging_percentage integer NOT NULL DEFAULT 0 CHECK (staging_percentage BETWEEN 0 AND 100),
  uploaded_by        text NOT NULL,
  UNIQUE (channel, platform, version),
  UNIQUE (channel, platform, file_name)
);
