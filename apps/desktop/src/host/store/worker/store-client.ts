/**
 * The host's handle on the store worker: a typed RPC client with request ids. Each call resolves
 * to the same Result the store method returns; it never rejects. If the worker dies, every call
 * in flight (and after) resolves to UNAVAILABLE.
 */
import type { Worker } from 'node:worker_threads';
import { LanternError, err, ok, type Ok, type Result } from '@lantern/core';
import type { ReadableStore, WritableStore } from '../local-store.ts';
import { keyToHex } from '../key/key-provider.ts';
import { DIAGNOSTIC_METHOD, ROTATE_KEY_METHOD, ReadySchema, ResponseSchema, type StoreMethod, type WorkerData } from './rpc-protocol.ts';
import { spawnWorker } from './spawn-ts-worker.ts';

export type StoreKeySpec = { kind: 'explicit'; key: Uint8Array } | { kind: 'file'; path: string; createIfMissing?: boolean };

export interface StoreClientOptions {
  path: string;
  key: StoreKeySpec;
  readonly?: boolean;
  /** Tests only: enables `diagnosticBusyQuery`. */
  diagnostics?: boolean;
  now?: Date;
  /** The worker module; defaults to store-worker.ts beside this file. */
  workerUrl?: URL;
}

/** The success type of a store method's Result (distributes over Ok | Err, dropping Err). */
type Unwrapped<R> = R extends Ok<infer T> ? T : never;
/** The store methods a client of capability S may call. */
export type MethodOf<S> = Extract<keyof S, StoreMethod>;

const fromJson = (e: { code: LanternError['code']; message: string; issues: { path: string; message: string }[] }): LanternError =>
  new LanternError(e.code, e.message, { issues: e.issues });

const gone = (): LanternError => new LanternError('UNAVAILABLE', 'The local store worker stopped');

export class StoreClient<S extends ReadableStore = WritableStore> {
  #nextId = 1;
  #pending = new Map<number, (r: Result<unknown, LanternError>) => void>();
  #dead = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: unknown) => this.#onMessage(msg));
    worker.on('error', () => this.#fail());
    worker.on('exit', () => this.#fail());
  }

  static open(options: StoreClientOptions & { readonly: true }): Promise<Result<StoreClient<ReadableStore>, LanternError>>;
  static open(options: StoreClientOptions): Promise<Result<StoreClient<WritableStore>, LanternError>>;
  static open(options: StoreClientOptions): Promise<Result<StoreClient<ReadableStore>, LanternError>> {
    const data: WorkerData = {
      path: options.path,
      key: options.key.kind === 'explicit'
        ? { kind: 'explicit', hex: keyToHex(options.key.key) }
        : { kind: 'file', path: options.key.path, createIfMissing: options.key.createIfMissing ?? false },
      readonly: options.readonly ?? false,
      diagnostics: options.diagnostics ?? false,
      now: options.now?.toISOString() ?? null,
    };
    const worker = spawnWorker(options.workerUrl ?? new URL('./store-worker.ts', import.meta.url), { workerData: data });
    return new Promise((resolve) => {
      const onExit = (): void => resolve(err(gone()));
      worker.once('exit', onExit);
      worker.once('error', () => undefined);
      worker.once('message', (msg: unknown) => {
        worker.off('exit', onExit);
        const ready = ReadySchema.safeParse(msg);
        if (ready.success && ready.data.ready) {
          resolve(ok(new StoreClient<ReadableStore>(worker)));
          return;
        }
        void worker.terminate();
        resolve(err(ready.success && !ready.data.ready ? fromJson(ready.data.error) : new LanternError('INTERNAL', 'The store worker sent an unexpected first message')));
      });
    });
  }

  /** Calls a store method in the worker. Arguments are validated there, at the boundary. */
  call<M extends MethodOf<S>>(method: M, ...params: S[M] extends (...a: infer A) => unknown ? A : never): Promise<Result<Unwrapped<S[M] extends (...a: never[]) => infer R ? R : never>, LanternError>> {
    return this.#send(method, params) as never;
  }

  /** Re-encrypts the store under a new random key and replaces the key file (key-file stores only). */
  rotateKey(this: StoreClient<WritableStore>): Promise<Result<null, LanternError>> {
    return this.#send(ROTATE_KEY_METHOD, []) as Promise<Result<null, LanternError>>;
  }

  /** Tests only: runs a CPU-bound recursive query of `rows` rows in the worker. */
  diagnosticBusyQuery(rows: number): Promise<Result<number, LanternError>> {
    return this.#send(DIAGNOSTIC_METHOD, [rows]) as Promise<Result<number, LanternError>>;
  }

  #send(method: string, params: unknown[]): Promise<Result<unknown, LanternError>> {
    if (this.#dead) return Promise.resolve(err(gone()));
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.worker.postMessage({ id, method, params });
    });
  }

  #onMessage(msg: unknown): void {
    const res = ResponseSchema.safeParse(msg);
    if (!res.success) return;
    const resolve = this.#pending.get(res.data.id);
    if (resolve === undefined) return;
    this.#pending.delete(res.data.id);
    resolve(res.data.ok ? ok(res.data.value) : err(fromJson(res.data.error)));
  }

  #fail(): void {
    this.#dead = true;
    for (const resolve of this.#pending.values()) resolve(err(gone()));
    this.#pending.clear();
  }

  /** Closes the store cleanly (the worker finishes queued calls first), then ends the worker. */
  async close(): Promise<void> {
    if (this.#dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([exited, timeout]);
    if (!this.#dead) await this.worker.terminate();
  }
}
