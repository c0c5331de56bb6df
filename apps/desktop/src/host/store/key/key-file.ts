/**
 * A 0600 key file holding the store key as 64 hex characters, for running outside Electron
 * (browser mode, tools, the demo). A key file that group or others can read is refused: anyone
 * who can read it can read every chart (HIPAA 164.312(a)(2)(iv), encryption and decryption).
 */
import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LanternError, err, ok, type Result } from '@lantern/core';
import { keyToHex, parseHexKey, randomKey, type KeyProvider, type PendingRotation } from './key-provider.ts';

export interface KeyFileOptions {
  path: string;
  /** Make a new random key file when none exists (first run). Otherwise a missing file is STORE_LOCKED. */
  createIfMissing?: boolean;
}

const isErrno = (e: unknown, code: string): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;

/** Refuses a key file that is not a regular file or that group/others may access. */
export function checkKeyFilePermissions(path: string): Result<void, LanternError> {
  const st = statSync(path);
  if (!st.isFile()) return err(new LanternError('STORE_KEY_INVALID', `The key file ${path} is not a regular file`));
  // POSIX permission bits mean nothing on Windows, where the file's ACL protects it instead.
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    return err(new LanternError('STORE_KEY_INVALID', `The key file ${path} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it`));
  }
  return ok(undefined);
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** Writes `contents` to `path` with mode 0600, durably; `exclusive` fails if the file exists. */
export function writeSecretFile(path: string, contents: string, exclusive: boolean): void {
  const tmp = exclusive ? path : `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | (exclusive ? constants.O_EXCL : constants.O_TRUNC), 0o600);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!exclusive) renameSync(tmp, path);
  fsyncDir(dirname(path));
}

export function readKeyFile(path: string): Result<Uint8Array, LanternError> {
  try {
    const perms = checkKeyFilePermissions(path);
    if (!perms.ok) return perms;
    return parseHexKey(readFileSync(path, 'utf8'), `The key file ${path}`);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return err(new LanternError('STORE_LOCKED', `The local store is locked: no key file at ${path}`));
    return err(new LanternError('STORE_LOCKED', `The key file ${path} cannot be read`, { cause: e }));
  }
}

/** Creates a key file with a fresh random key; fails if one already exists (never overwrite a key). */
export function createKeyFile(path: string): Result<Uint8Array, LanternError> {
  const key = randomKey();
  try {
    writeSecretFile(path, `${keyToHex(key)}\n`, true);
    return ok(key);
  } catch (e) {
    if (isErrno(e, 'EEXIST')) return readKeyFile(path);
    return err(new LanternError('STORE_LOCKED', `The key file ${path} cannot be created`, { cause: e }));
  }
}

/** Replaces the key in an existing key file atomically (write aside, fsync, rename). */
export function replaceKeyFile(path: string, key: Uint8Array): void {
  writeSecretFile(path, `${keyToHex(key)}\n`, false);
}

/** Where a rotation keeps the new key until the store has been re-keyed with it. */
export const nextKeyPath = (path: string): string => `${path}.next`;

/** Commits a rotation: the new key file replaces the old one (rename is atomic). */
export function commitNextKey(path: string): void {
  renameSync(nextKeyPath(path), path);
  fsyncDir(dirname(path));
}

function pendingRotation(path: string): Result<PendingRotation | null, LanternError> {
  if (!fileExists(nextKeyPath(path))) return ok(null);
  const next = readKeyFile(nextKeyPath(path));
  if (!next.ok) return next;
  return ok({
    key: next.value,
    commit: () => commitNextKey(path),
    discard: () => rmSync(nextKeyPath(path), { force: true }),
  });
}

export function keyFileProvider(options: KeyFileOptions): KeyProvider {
  return {
    description: `key file ${options.path}`,
    pendingRotation: () => pendingRotation(options.path),
    getKey: () => {
      const read = readKeyFile(options.path);
      if (!read.ok && read.error.code === 'STORE_LOCKED' && options.createIfMissing === true && !fileExists(options.path)) {
        return Promise.resolve(createKeyFile(options.path));
      }
      return Promise.resolve(read);
    },
  };
}

function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
