/**
 * A background pass repeated every `pollMs` after the previous one ends (never two at once), for
 * feed readers such as the demo lab and the HL7 v2 order sender. A failed pass is reported through
 * `onError` (ids only, no PHI) and the next one is scheduled anyway; `stop` waits for a pass in flight.
 */
export interface Poller {
  stop(): Promise<void>;
}

export function startPoller(tick: () => Promise<unknown>, o: { pollMs: number; onError: (e: unknown) => void }): Poller {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().catch(o.onError).finally(schedule);
    }, o.pollMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await running;
    },
  };
}
