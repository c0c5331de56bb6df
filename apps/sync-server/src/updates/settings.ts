/**
 * Server settings for workstation versions and updates (README, IT deployment, Update):
 * the minimum workstation app version, the protocol range the server speaks, the organisation's
 * release public key (uploads not signed by it are refused) and an optional upload token for IT's
 * scripts.
 */
import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { LanternError } from '@lantern/core';
import { SUPPORTED_SYNC_PROTOCOLS, type ProtocolRange, type ServerVersionPolicy } from '@lantern/core/workstation-version';
import type { Env } from '../env.ts';

export interface UpdatesOptions {
  /** LANTERN_MIN_WORKSTATION_VERSION: older workstations are refused sign-in and sync. */
  minimumWorkstationVersion?: string;
  /** The sync protocols this server speaks (default: core's supported range). */
  protocol?: ProtocolRange;
  /** The organisation's release key (Ed25519 SPKI PEM): LANTERN_UPDATE_PUBLIC_KEY_FILE. Without it uploads are refused. */
  releasePublicKeyPem?: string;
  /** LANTERN_UPDATE_UPLOAD_TOKEN: a secret IT's scripts may upload with instead of an administrator's sign-in. */
  uploadToken?: string;
}

export interface UpdatesConfig {
  versions: ServerVersionPolicy;
  releasePublicKey: KeyObject | null;
  uploadToken: string | null;
}

export function resolveUpdates(o: UpdatesOptions | undefined): UpdatesConfig {
  let releasePublicKey: KeyObject | null = null;
  if (o?.releasePublicKeyPem !== undefined) {
    try {
      releasePublicKey = createPublicKey(o.releasePublicKeyPem);
    } catch (e) {
      throw new LanternError('BAD_INPUT', 'LANTERN_UPDATE_PUBLIC_KEY_FILE: not a PEM public key', { cause: e });
    }
    if (releasePublicKey.asymmetricKeyType !== 'ed25519') throw new LanternError('BAD_INPUT', 'LANTERN_UPDATE_PUBLIC_KEY_FILE: must be an Ed25519 key');
  }
  return {
    versions: { minimumAppVersion: o?.minimumWorkstationVersion ?? null, protocol: o?.protocol ?? { ...SUPPORTED_SYNC_PROTOCOLS } },
    releasePublicKey,
    uploadToken: o?.uploadToken ?? null,
  };
}

export function updatesOptionsFromEnv(env: Env): UpdatesOptions {
  const o: UpdatesOptions = {};
  if (env.LANTERN_MIN_WORKSTATION_VERSION !== undefined) o.minimumWorkstationVersion = env.LANTERN_MIN_WORKSTATION_VERSION;
  if (env.LANTERN_UPDATE_UPLOAD_TOKEN !== undefined) o.uploadToken = env.LANTERN_UPDATE_UPLOAD_TOKEN;
  if (env.LANTERN_UPDATE_PUBLIC_KEY_FILE !== undefined) o.releasePublicKeyPem = readFileSync(env.LANTERN_UPDATE_PUBLIC_KEY_FILE, 'utf8');
  return o;
}
