/**
 * The store worker: owns the SQLCipher connection on its own thread, so a slow disk or a big
 * query never stalls the host's event loop (ARCHITECTURE.md, Local store). Requests are handled
 * one at a time, in order; SQLite calls are synchronous, so ordering is also commit order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LanternError, toLanternError, type Result } from '@lantern/core';
import { explicitKeyProvider } from '../key/key-provider.ts';
import { keyFileProvider } from '../key/key-file.ts';
import type { KeyProvider } from '../key/key-provider.ts';
import type { WritableStore } from '../local-store.ts';
import { openReadonlyStore, openStore } from '../open-store.ts';
import { CloseSchema, DIAGNOSTIC_METHOD, ROTATE_KEY_METHOD, RequestSchema, STORE_METHOD_PARAMS, WorkerDataSchema, type StoreResponse, type WorkerKey } from './rpc-protocol.ts';
import { LocalStore } from '../local-store.ts';
import { rotateStoreKeyFile } from '../key/rotate-key-file.ts';

const port = parentPort;
if (port === null) throw new Error('store-worker must run in a worker thread');

const errorJson = (e: unknown): { code: LanternError['code']; message: string; issues: { path: string; message: string }[] } => {
  const le = toLanternError(e);
  return { code: le.code, message: le.message, issues: le.issues.map((i) => ({ path: i.path, message: i.message })) };
};

const keyProviderFor = (key: WorkerKey): KeyProvider => {
  switch (key.kind) {
    case 'explicit':
      return explicitKeyProvider(new Uint8Array(Buffer.from(key.hex, 'hex')));
    case 'file':
      return keyFileProvider({ path: key.path, createIfMissing: key.createIfMissing });
  }
};

async function main(p: NonNullable<typeof parentPort>): Promise<void> {
  const data = WorkerDataSchema.safeParse(workerData);
  if (!data.success) {
    p.postMessage({ ready: false, error: errorJson(new LanternError('BAD_INPUT', 'Invalid store worker options')) });
    return;
  }
  const { path, key, readonly, diagnostics, now } = data.data;
  const fixedNow = now === null ? null : new Date(now);
  const options = { path, keyProvider: keyProviderFor(key), ...(fixedNow === null ? {} : { now: () => fixedNow }) };
  const opened = readonly ? await openReadonlyStore(options) : await openStore(options);
  if (!opened.ok) {
    p.postMessage({ ready: false, error: errorJson(opened.error) });
    return;
  }
  // The readable capability is enforced by the read-only connection; calls go through one table.
  const store = opened.value as WritableStore;
  p.on('message', (msg: unknown) => {
    if (CloseSchema.safeParse(msg).success) {
      // Closing checkpoints nothing by force; SQLite folds the WAL in on the last close.
      store.close();
      p.postMessage({ closed: true });
      p.close();
      return;
    }
    p.postMessage(handle(store, diagnostics, key.kind === 'file' ? key.path : null, msg));
  });
  p.postMessage({ ready: true });
}

function handle(store: WritableStore, diagnostics: boolean, keyFile: string | null, msg: unknown): StoreResponse {
  const req = RequestSchema.safeParse(msg);
  const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : -1;
  if (!req.success) return { id, ok: false, error: errorJson(new LanternError('BAD_INPUT', 'Malformed store request')) };
  const { method, params } = req.data;
  try {
    if (method === DIAGNOSTIC_METHOD) {
      if (!diagnostics || !(store instanceof LocalStore)) return { id, ok: false, error: errorJson(new LanternError('FORBIDDEN', 'Diagnostics are disabled')) };
      const n = Number(params[0]);
      const row = store.db.get<{ n: number }>('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) AS n FROM c', Number.isSafeInteger(n) ? n : 0);
      return { id, ok: true, value: row?.n ?? 0 };
    }
    if (method === ROTATE_KEY_METHOD) {
      if (keyFile === null) return { id, ok: false, error: errorJson(new LanternError('BAD_INPUT', 'Only a store opened from a key file can rotate its key here')) };
      const r = rotateStoreKeyFile(store, keyFile);
      return r.ok ? { id, ok: true, value: null } : { id, ok: false, error: errorJson(r.error) };
    }
    const args = STORE_METHOD_PARAMS[method].safeParse(params);
    if (!args.success) {
      const issues = args.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return { id, ok: false, error: errorJson(new LanternError('BAD_INPUT', `Invalid arguments for ${method}`, { issues })) };
    }
    const fn = store[method] as (...a: unknown[]) => Result<unknown, LanternError>;
    const result = fn.apply(store, args.data as unknown[]);
    return result.ok ? { id, ok: true, value: result.value } : { id, ok: false, error: errorJson(result.error) };
  } catch (e) {
    return { id, ok: false, error: errorJson(e) };
  }
}

void main(port);
