/**
 * Draft autosave: the editor hands every change to `update`; every `intervalMs`
 * the newest unsaved state is saved, so a crash or power cut loses at most one interval of typing.
 * Saves never overlap and never go backwards: each carries a revision number, and a save that
 * finishes after a newer edit leaves the state dirty for the next tick. Timers are injected, so
 * the same class runs in the renderer (window timers), in the host and in tests (fake timers).
 */
import type { LanternError } from '../errors.ts';
import type { Result } from '../result.ts';

export interface AutosaveTimer {
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export type AutosaveStatus = 'idle' | 'unsaved' | 'saving' | 'saved' | 'error';

export interface AutosaveState {
  status: AutosaveStatus;
  /** The revision last saved (0 = none). */
  savedRevision: number;
  revision: number;
  /** Injected-clock time of the last successful save, as the saver reported it. */
  lastSavedAt: string | null;
  error: LanternError | null;
}

export interface AutosaverOptions<T> {
  intervalMs: number;
  timer: AutosaveTimer;
  save(value: T, revision: number): Promise<Result<{ savedAt: string }, LanternError>>;
  onChange?(state: AutosaveState): void;
}

/** Default interval: "every few seconds". */
export const DEFAULT_AUTOSAVE_INTERVAL_MS = 3000;

export class Autosaver<T> {
  #value: T | undefined;
  #state: AutosaveState = { status: 'idle', savedRevision: 0, revision: 0, lastSavedAt: null, error: null };
  #inFlight: Promise<void> | null = null;
  readonly #cancel: () => void;

  constructor(private readonly options: AutosaverOptions<T>) {
    this.#cancel = options.timer.every(options.intervalMs, () => void this.flush());
  }

  get state(): AutosaveState {
    return this.#state;
  }

  /** The editor's newest content. */
  update(value: T): void {
    this.#value = value;
    this.#set({ revision: this.#state.revision + 1, status: 'unsaved' });
  }

  /** Saves now if anything is unsaved (also on blur, on close, before sign). */
  async flush(): Promise<void> {
    if (this.#inFlight !== null) return this.#inFlight;
    if (this.#value === undefined || this.#state.revision === this.#state.savedRevision) return;
    const value = this.#value;
    const revision = this.#state.revision;
    this.#set({ status: 'saving' });
    this.#inFlight = this.options.save(value, revision).then((r) => {
      if (r.ok) {
        const dirty = this.#state.revision !== revision;
        this.#set({ savedRevision: revision, lastSavedAt: r.value.savedAt, error: null, status: dirty ? 'unsaved' : 'saved' });
      } else {
        this.#set({ status: 'error', error: r.error });
      }
    }, () => this.#set({ status: 'error' })).finally(() => { this.#inFlight = null; });
    return this.#inFlight;
  }

  /** Stops the timer; call `flush` first to keep the last edits. */
  stop(): void {
    this.#cancel();
  }

  #set(patch: Partial<AutosaveState>): void {
    this.#state = { ...this.#state, ...patch };
    this.options.onChange?.(this.#state);
  }
}
