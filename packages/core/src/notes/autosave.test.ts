import { describe, expect, it } from 'vitest';
import { ok } from '../result.ts';
import { LanternError } from '../errors.ts';
import { err } from '../result.ts';
import { Autosaver, type AutosaveTimer } from './autosave.ts';

function manualTimer(): AutosaveTimer & { tick(): void; cancelled: boolean } {
  let fn: (() => void) | null = null;
  const t = {
    cancelled: false,
    every: (_ms: number, f: () => void) => { fn = f; return () => { t.cancelled = true; }; },
    tick: () => fn?.(),
  };
  return t;
}

describe('Autosaver', () => {
  it('saves the newest text on each tick, only when something changed', async () => {
    const timer = manualTimer();
    const saved: [string, number][] = [];
    const a = new Autosaver<string>({ intervalMs: 3000, timer, save: (v, r) => { saved.push([v, r]); return Promise.resolve(ok({ savedAt: `t${r}` })); } });
    a.update('H');
    a.update('He');
    timer.tick();
    await a.flush();
    expect(saved).toEqual([['He', 2]]);
    expect(a.state).toMatchObject({ status: 'saved', savedRevision: 2, lastSavedAt: 't2' });
    timer.tick();
    await a.flush();
    expect(saved).toHaveLength(1);
    a.stop();
    expect(timer.cancelled).toBe(true);
  });

  it('an edit during a save stays unsaved and goes out next time; saves never overlap', async () => {
    const timer = manualTimer();
    let release: () => void = () => undefined;
    let calls = 0;
    const a = new Autosaver<string>({ intervalMs: 1000, timer, save: () => { calls++; return new Promise((res) => { release = () => res(ok({ savedAt: 'x' })); }); } });
    a.update('a');
    const first = a.flush();
    a.update('ab');
    void a.flush(); // joins the save in flight
    expect(calls).toBe(1);
    release();
    await first;
    expect(a.state.status).toBe('unsaved');
    const second = a.flush();
    release();
    await second;
    expect(a.state).toMatchObject({ status: 'saved', savedRevision: 2 });
  });

  it('a failed save shows as an error and is retried on the next tick', async () => {
    const timer = manualTimer();
    let fail = true;
    const a = new Autosaver<string>({ intervalMs: 1000, timer, save: () => Promise.resolve(fail ? err(new LanternError('STORE_LOCKED', 'locked')) : ok({ savedAt: 'x' })) });
    a.update('a');
    await a.flush();
    expect(a.state.status).toBe('error');
    fail = false;
    await a.flush();
    expect(a.state.status).toBe('saved');
  });
});
