/**
 * Electron main's handle on the host worker (host-worker.ts): start it with the unwrapped store key,
 * forward renderer IPC calls, close it. Starting resolves to a Result (a wrong key or a damaged store
 * is a value the main process shows on screen); a call never rejects: if the worker dies, it answers
 * UNAVAILABLE.
 */
import type { Worker } from 'node:worker_threads';
import { LanternError, err, ok, type Result } from '@lantern/core';
import { keyToHex } from '../store/key/key-provider.ts';
import { spawnWorker } from '../store/worker/spawn-ts-worker.ts';
import { HostAnswerSchema, HostLogSchema, HostReadySchema, type HostWorkerData } from './host-worker-protocol.ts';
import type { IpcTrpcResponse } from './ipc-trpc.ts';
import { feedRefused, UpdateFeedAnswerSchema, type UpdateFeedAnswer } from '../updates/update-feed.ts';

export interface HostWorkerOptions {
  dataDir: string;
  serverUrl: string;
  key: Uint8Array;
  machinePolicyFile?: string;
  knowledgeBaseReviewBy?: string;
  updateReleaseKeyFile?: string;
  updateChannel?: string;
  log?: (msg: string) => void;
  /** The worker module; defaults to host-worker.ts beside this file (the built .js in a bundle). */
  workerUrl?: URL;
}

/** The answer to a call when there is no host to take it (it stopped, or never started). */
export const HOST_UNAVAILABLE: IpcTrpcResponse = {
  ok: false,
  error: { message: 'The workstation service stopped', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 503, lanternCode: 'UNAVAILABLE' } },
};

export class HostWorker {
  #nextId = 1;
  #pending = new Map<number, (a: unknown) => void>();
  #dead = false;

  private constructor(private readonly worker: Worker, log: ((msg: string) => void) | undefined) {
    worker.on('message', (msg: unknown) => {
      const answer = HostAnswerSchema.safeParse(msg);
      if (answer.success) {
        const resolve = this.#pending.get(answer.data.id);
        this.#pending.delete(answer.data.id);
        resolve?.(answer.data.answer);
        return;
      }
      const line = HostLogSchema.safeParse(msg);
      if (line.success) log?.(line.data.log);
    });
    worker.on('exit', () => this.#fail());
    worker.on('error', () => this.#fail());
  }

  static start(o: HostWorkerOptions): Promise<Result<HostWorker, LanternError>> {
    const workerData: HostWorkerData = { dataDir: o.dataDir, serverUrl: o.serverUrl, keyHex: keyToHex(o.key),
      ...(o.machinePolicyFile === undefined ? {} : { machinePolicyFile: o.machinePolicyFile }),
      ...(o.knowledgeBaseReviewBy === undefined ? {} : { knowledgeBaseReviewBy: o.knowledgeBaseReviewBy }),
      ...(o.updateReleaseKeyFile === undefined ? {} : { updateReleaseKeyFile: o.updateReleaseKeyFile }),
      ...(o.updateChannel === undefined ? {} : { updateChannel: o.updateChannel }) };
    const worker = spawnWorker(o.workerUrl ?? new URL('./host-worker.ts', import.meta.url), { workerData });
    return new Promise((resolve) => {
      const onExit = (): void => resolve(err(new LanternError('UNAVAILABLE', 'The workstation service could not start')));
      worker.once('exit', onExit);
      worker.once('error', () => undefined);
      const onFirst = (msg: unknown): void => {
        if (HostLogSchema.safeParse(msg).success) {
          worker.once('message', onFirst);
          return;
        }
        worker.off('exit', onExit);
        const ready = HostReadySchema.safeParse(msg);
        if (ready.success && ready.data.ready) {
          resolve(ok(new HostWorker(worker, o.log)));
          return;
        }
        void worker.terminate();
        resolve(err(ready.success && !ready.data.ready
          ? new LanternError(ready.data.error.code, ready.data.error.message, { issues: ready.data.error.issues })
          : new LanternError('INTERNAL', 'The workstation service sent an unexpected first message')));
      };
      worker.once('message', onFirst);
    });
  }

  call(op: unknown): Promise<IpcTrpcResponse> {
    if (this.#dead) return Promise.resolve(HOST_UNAVAILABLE);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      // The answer was made by handleIpcTrpc in the worker: the IpcTrpcResponse envelope.
      this.#pending.set(id, (a) => resolve(a as IpcTrpcResponse));
      this.worker.postMessage({ id, op });
    });
  }

  /** For main/updater.ts: the update feed and its token, straight from the host (refresh: the feed answered 401). */
  updateFeed(refresh: boolean): Promise<UpdateFeedAnswer> {
    if (this.#dead) return Promise.resolve(feedRefused('unavailable'));
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (a) => {
        const parsed = UpdateFeedAnswerSchema.safeParse(a);
        resolve(parsed.success ? parsed.data : feedRefused('unavailable'));
      });
      this.worker.postMessage({ type: 'update-feed', id, refresh });
    });
  }

  #fail(): void {
    this.#dead = true;
    for (const resolve of this.#pending.values()) resolve(HOST_UNAVAILABLE);
    this.#pending.clear();
  }

  /** Stops the sync loop and closes the store cleanly, then ends the worker. */
  async close(): Promise<void> {
    if (this.#dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    await exited;
  }
}
