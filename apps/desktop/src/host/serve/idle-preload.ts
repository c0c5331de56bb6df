/**
 * Runs a background task (warming the CDS engine) once the host is idle: the user is signed in and no
 * request other than the screens' periodic polls has come for `quietMs`. The sign-in, finder and chart
 * screens come first, since the task takes the host's thread for a moment. Done once; a failure is
 * left to the procedure that needs the work, which does it again and reports to its caller.
 */
export interface IdlePreload {
  /** A request arrived (its URL, /trpc/a.b,c.d?batch=1): unless it only polls, the task waits again. */
  request(url: string): void;
  /** Stops the pending task (host closing). */
  cancel(): void;
}

export interface IdlePreloadOptions {
  task: () => Promise<unknown>;
  /** Whether the work may start now (someone is signed in); else it waits another quiet spell. */
  ready: () => boolean;
  quietMs?: number;
  /** Procedures the screens call on a timer: they do not make the host busy. */
  polls?: ReadonlySet<string>;
}

/** Polled every few seconds by the workstation's screens (sync status bar, session, updates, results count). */
export const SCREEN_POLLS: ReadonlySet<string> = new Set(['sync.status', 'session.current', 'machinePolicy.current', 'updates.status', 'results.count', 'results.inbox']);

/** The procedures of one tRPC request URL (a batch names several, comma-separated). */
export function proceduresOf(url: string): string[] {
  const path = new URL(url, 'http://host').pathname;
  const at = path.indexOf('/trpc/');
  if (at < 0) return [];
  return decodeURIComponent(path.slice(at + '/trpc/'.length)).split(',').filter((p) => p !== '');
}

export function idlePreload(o: IdlePreloadOptions): IdlePreload {
  const quietMs = o.quietMs ?? 1500;
  const polls = o.polls ?? SCREEN_POLLS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let done = false;
  const arm = (): void => {
    if (done) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, quietMs);
    // A pending task must not keep a closing worker alive.
    timer.unref();
  };
  const fire = (): void => {
    timer = null;
    if (!o.ready()) {
      arm();
      return;
    }
    done = true;
    o.task().catch(() => undefined);
  };
  arm();
  return {
    request: (url) => {
      const procedures = proceduresOf(url);
      if (procedures.length > 0 && procedures.every((p) => polls.has(p))) return;
      arm();
    },
    cancel: () => {
      done = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
