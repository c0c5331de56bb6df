/**
 * Browser mode's host on its own thread: the encrypted store, the session, the sync loop and the host
 * router, answering the /trpc/ requests that the main thread's HTTP server authenticated and forwards
 * (http-host-worker-client.ts). Loading this code and opening the store (a few hundred milliseconds of
 * CPU) then runs beside the main thread, which keeps serving the screens' files at once; on one thread
 * the host either delayed every file of the first page or waited for the page to load first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { LanternError, toLanternError } from '@lantern/core';
import { hostRouter } from '../api/host-router.ts';
import { loadMachinePolicy } from '../machine-policy/load-machine-policy.ts';
import { createHost, type Host } from './create-host.ts';
import { cdsIdleWarmup } from './cds-idle-warmup.ts';
import { ApiRequestSchema, CloseSchema, HttpHostWorkerDataSchema, type ApiRequest, type ApiResponse } from './http-host-worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('http-host-worker must run in a worker thread');

async function answer(host: Host, r: ApiRequest, log: (m: string) => void): Promise<ApiResponse> {
  const req = new Request(r.url, { method: r.method, headers: r.headers, ...(r.body === null ? {} : { body: r.body }) });
  const res = await fetchRequestHandler({
    endpoint: '/trpc',
    req,
    router: hostRouter,
    createContext: () => ({ services: host.services }),
    onError: ({ error, path }) => {
      // As http-server.ts: a bug is logged by name and stack frames only (messages can echo data).
      if (error.code !== 'INTERNAL_SERVER_ERROR') return;
      let cause: Error = error;
      while (cause.cause instanceof Error) cause = cause.cause;
      const frames = (cause.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 6).join(' | ');
      log(`internal error in ${path ?? '?'}: ${cause.name} ${frames}`);
    },
  });
  return { type: 'response', id: r.id, status: res.status, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) };
}

/** The options that were given (a parsed optional field may be present as undefined; HostOptions leaves it out). */
function definedOnly<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

async function main(p: NonNullable<typeof parentPort>): Promise<void> {
  const log = (m: string): void => p.postMessage({ type: 'log', log: m });
  const data = HttpHostWorkerDataSchema.safeParse(workerData);
  if (!data.success) {
    p.postMessage({ type: 'failed', code: 'BAD_INPUT', message: 'Invalid host worker options' });
    return;
  }
  const { machinePolicyFile, ...options } = data.data;
  let host: Host;
  try {
    const machinePolicy = await loadMachinePolicy({ platform: process.platform, ...(machinePolicyFile === undefined ? {} : { file: machinePolicyFile }) });
    host = await createHost({ ...definedOnly(options), machinePolicy, log });
  } catch (e) {
    const le = toLanternError(e);
    const errno = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' && e instanceof Error && !(e instanceof LanternError) ? e.code : undefined;
    p.postMessage({ type: 'failed', code: le.code, message: le.message, ...(errno === undefined ? {} : { errno }) });
    return;
  }
  const cdsPreload = cdsIdleWarmup(host.services, log);
  p.on('message', (msg: unknown) => {
    if (CloseSchema.safeParse(msg).success) {
      cdsPreload.cancel();
      void host.close().finally(() => {
        p.postMessage({ type: 'closed' });
        p.close();
      });
      return;
    }
    const r = ApiRequestSchema.safeParse(msg);
    if (!r.success) return;
    cdsPreload.request(r.data.url);
    answer(host, r.data, log).then(
      (a) => p.postMessage(a, [a.body.buffer as ArrayBuffer]),
      () => p.postMessage({ type: 'response', id: r.data.id, status: 500, headers: [['content-type', 'text/plain; charset=utf-8']], body: new TextEncoder().encode('Internal error') } satisfies ApiResponse),
    );
  });
  p.postMessage({ type: 'ready' });
}

void main(port);
