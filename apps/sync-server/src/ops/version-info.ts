/**
 * `GET /version`: what is running, for an operator or a support call. No secrets, no host names.
 * The version is the one the package build defines (cli/server-version.ts), else package.json's.
 * The git commit comes from a `BUILD_COMMIT` file beside package.json (a package build writes it),
 * else from `git rev-parse` when the server runs from a clone, else null.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { z } from 'zod';
import { SERVER_VERSION } from '../cli/server-version.ts';
import { appliedMigrations } from './readiness.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface VersionInfo {
  name: string;
  version: string;
  commit: string | null;
  /** The last migration applied to the database (its number is the schema version). */
  schema: { version: number; migration: string } | null;
  /** Sync protocol versions this server speaks (negotiated at sign-in: core workstation-version); null: not asked. */
  syncProtocol: { min: number; max: number } | null;
  node: string;
}

function readCommit(): string | null {
  try {
    const c = readFileSync(`${PACKAGE_ROOT}BUILD_COMMIT`, 'utf8').trim();
    if (/^[0-9a-f]{7,40}$/.test(c)) return c;
  } catch {
    // not a package build
  }
  try {
    const c = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return /^[0-9a-f]{40}$/.test(c) ? c : null;
  } catch {
    return null;
  }
}

/** The packaged build's version (cli/server-version.ts); from a checkout, package.json's. Never throws. */
function readVersion(): string {
  if (SERVER_VERSION !== 'dev') return SERVER_VERSION;
  try {
    return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8'))).version;
  } catch {
    return SERVER_VERSION;
  }
}

let commit: string | null | undefined;
let version: string | undefined;

/** `0013_subscriptions.sql` is schema version 13. */
export const schemaNumber = (migration: string): number => Number.parseInt(migration.slice(0, 4), 10);

/** `db` null: the build alone (schema null). */
export async function versionInfo(db: Pick<pg.ClientBase, 'query'> | null, syncProtocol: { min: number; max: number } | null): Promise<VersionInfo> {
  commit ??= readCommit();
  version ??= readVersion();
  const applied = db === null ? [] : await appliedMigrations(db).catch(() => []);
  const last = applied[applied.length - 1];
  return {
    name: '@lantern/sync-server',
    version,
    commit,
    schema: last === undefined ? null : { version: schemaNumber(last), migration: last },
    syncProtocol,
    node: process.versions.node,
  };
}
