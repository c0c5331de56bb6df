/**
 * Why the browser-mode workstation cannot start, as the one sentence the person who started it reads
 * on the console: the cause and the fix, with file locations only (no PHI, no stack trace, no launch
 * link, since nothing will answer it). main.ts prints it and exits with START_FAILED.
 *
 * Some failures are known from the files alone, before the loopback server listens and the link is
 * printed (storePreflight): above all a store whose key file is missing, where opening as usual would
 * make a new key beside the old store and then report a wrong key instead of the missing one.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LanternError, toLanternError } from '@lantern/core';
import { readKeyFile } from '../store/key/key-file.ts';

/** The exit code of a workstation that could not start (a usage error would be 2). */
export const START_FAILED = 3;

export interface StorePaths {
  dataDir: string;
  storePath: string;
  keyPath: string;
}

/** Where createHost keeps the store and its key file (create-host.ts) when no key provider is passed. */
export const storePathsOf = (dataDir: string): StorePaths => ({ dataDir, storePath: join(dataDir, 'store.db'), keyPath: join(dataDir, 'store.key') });

const fileSize = (path: string): number | null => {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
};

/** What the files alone say about opening the store, without its native module or key check; null: try it. */
export function storePreflight(p: StorePaths): LanternError | null {
  const storeSize = fileSize(p.storePath);
  if (!existsSync(p.keyPath)) {
    return storeSize !== null && storeSize > 0 ? new LanternError('STORE_LOCKED', 'The local store is locked: no key file') : null;
  }
  const key = readKeyFile(p.keyPath);
  return key.ok ? null : key.error;
}

/** One sentence, cause then fix, for any failure to start. */
export function startFailureSentence(e: unknown, p: StorePaths): string {
  const errno = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : '';
  if (errno === 'ENOSPC') return `The workstation cannot write its data in ${p.dataDir}: the disk is full; free some space, then start it again.`;
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS') {
    return `The workstation cannot create or write its data folder ${p.dataDir}; let the user who runs the workstation read and write it (or set LANTERN_WORKSTATION_DIR to a folder they own), then start it again.`;
  }
  const error = toLanternError(e);
  const start = 'The workstation cannot open its data';
  const aside = `or move ${p.storePath} aside (keep it: changes not yet synced are only there) to start with an empty store`;
  switch (error.code) {
    case 'STORE_LOCKED':
      return /cannot be (read|created)/.test(error.message)
        ? `${start}: its key file ${p.keyPath} cannot be read or created; let the user who runs the workstation read and write ${p.dataDir}, then start it again.`
        : `${start}: the key file ${p.keyPath} is missing beside ${p.storePath}; restore it from the backup made with this data, ${aside}.`;
    case 'STORE_KEY_INVALID':
      if (/other users/.test(error.message)) return `${start}: its key file ${p.keyPath} can be read by other users; run chmod 600 ${p.keyPath}, then start it again.`;
      if (/hex key|not a regular file/.test(error.message)) return `${start}: ${p.keyPath} is not a Lantern key file; restore the key file from the backup made with this data, ${aside}.`;
      return `${start}: the key file ${p.keyPath} does not unlock ${p.storePath} (a key from another workstation or backup); restore the matching key file, ${aside}.`;
    case 'STORE_CORRUPT':
      return `${start}: ${p.storePath} is damaged or is not a Lantern store; restore it from backup, ${aside}.`;
    default:
      if (error.message === 'The workstation could not listen on loopback') {
        return 'The workstation cannot listen on loopback: the port is taken or not allowed; set LANTERN_WORKSTATION_PORT to a free port (or 0), then start it again.';
      }
      return `${start} (${error.message.replace(/[.\s]+$/, '')}); check that the user who runs the workstation may read and write ${p.dataDir} and that the disk is not full, then start it again.`;
  }
}
