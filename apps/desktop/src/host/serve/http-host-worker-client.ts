/**
 * The browser-mode server's handle on the host worker (http-host-worker.ts): starts it at once, forwards
 * each authenticated /trpc/ request and writes the answer back. Requests that arrive while the host is
 * still starting wait for it (as they did for the in-thread host); if it cannot start, or dies, they get 503.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Worker } from 'node:worker_threads';
import { LanternError } from '@lantern/core';
import { spawnWorker } from '../store/worker/spawn-ts-worker.ts';
import { ApiResponseSchema, WorkerClosedSchema, WorkerLogSchema, WorkerReadySchema, type ApiRequest, type HttpHostWorkerData } from './http-host-worker-protocol.ts';

export interface HttpHostWorker {
  /** Resolves once the host is ready; rejects (a LanternError, or an Error with the errno) when it could not start. */
  ready: Promise<void>;
  /** Answers one /trpc/ request (already authenticated and guarded by the caller). */
  handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void>;
  close(): Promise<void>;
}

/** The worker module: the TypeScript source under tsx, the built file beside main.js in dist/host. */
const defaultWorkerUrl = (): URL => new URL(import.meta.url.endsWith('.ts') ? './http-host-worker.ts' : './http-host-worker.js', import.meta.url);

/** The worker's start failure as the error main.ts explains (start-failure.ts reads its code, or the errno). */
function startError(f: { code: LanternError['code']; message: string; errno?: string | undefined }): Error {
  const e = new LanternError(f.code, f.message);
  return f.errno === undefined ? e : Object.assign(new Error(f.message), { code: f.errno });
}

/** A screen's call is a form's worth of JSON; anything near this is not one (the body is held in memory to forward it). */
export const MAX_API_BODY_BYTES = 16 * 1024 * 1024;

/** The body, or 'too-large' once it passes MAX_API_BODY_BYTES (the rest is not read). */
const readBody = (req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | null | 'too-large'> =>
  new Promise((resolve, reject) => {
    if (req.method === 'GET' || req.method === 'HEAD') return resolve(null);
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_API_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        resolve('too-large');
        return;
      }
      parts.push(b);
    });
    req.once('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
    req.once('error', reject);
  });

export function startHttpHostWorker(data: HttpHostWorkerData, o: { log?: (m: string) => void; workerUrl?: URL } = {}): HttpHostWorker {
  const worker: Worker = spawnWorker(o.workerUrl ?? defaultWorkerUrl(), { workerData: data });
  const pending = new Map<number, (r: { status: number; headers: [string, string][]; body: Uint8Array } | null) => void>();
  let nextId = 1;
  let closed: (() => void) | null = null;
  let started!: () => void;
  let failed!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  // Reported by whoever awaits `ready`; a request waiting on it gets a 503.
  ready.catch(() => undefined);
  worker.on('message', (msg: unknown) => {
    const answer = ApiResponseSchema.safeParse(msg);
    if (answer.success) {
      pending.get(answer.data.id)?.(answer.data);
      pending.delete(answer.data.id);
      return;
    }
    const line = WorkerLogSchema.safeParse(msg);
    if (line.success) return o.log?.(line.data.log);
    const r = WorkerReadySchema.safeParse(msg);
    if (r.success) return r.data.type === 'ready' ? started() : failed(startError(r.data));
    if (WorkerClosedSchema.safeParse(msg).success) closed?.();
  });
  const dead = (): void => {
    failed(new LanternError('UNAVAILABLE', 'The workstation host stopped'));
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
    closed?.();
  };
  worker.once('error', dead);
  worker.once('exit', dead);

  return {
    ready,
    async handle(req, res, origin) {
      const body = await readBody(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('The request is too large');
        return;
      }
      const up = await ready.then(() => true, () => false);
      const headers: [string, string][] = Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]]));
      const id = nextId++;
      const answer = up
        ? await new Promise<Parameters<NonNullable<ReturnType<typeof pending.get>>>[0]>((resolve) => {
            pending.set(id, resolve);
            const r: ApiRequest = { type: 'request', id, method: req.method ?? 'GET', url: new URL(req.url ?? '/', origin).href, headers, body };
            worker.postMessage(r);
          })
        : null;
      if (answer === null) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The workstation service is not available');
        return;
      }
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(answer.body);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (worker.threadId === -1) return resolve();
        closed = resolve;
        worker.postMessage({ type: 'close' });
      }),
  };
}
