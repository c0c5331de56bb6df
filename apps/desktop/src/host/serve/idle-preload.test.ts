import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { idlePreload, proceduresOf } from './idle-preload.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

it('reads the procedures of a batched tRPC URL', () => {
  expect(proceduresOf('http://127.0.0.1:5000/trpc/sync.status,session.current?batch=1&input=%7B%7D')).toEqual(['sync.status', 'session.current']);
  expect(proceduresOf('http://127.0.0.1:5000/trpc/orders.cards?batch=1')).toEqual(['orders.cards']);
  expect(proceduresOf('http://127.0.0.1:5000/assets/x.js')).toEqual([]);
});

it('runs once, after a quiet spell while signed in; screen polls do not count as activity', async () => {
  let signedIn = false;
  const task = vi.fn(() => Promise.resolve());
  const p = idlePreload({ task, ready: () => signedIn, quietMs: 1000 });
  await vi.advanceTimersByTimeAsync(3000);
  expect(task).not.toHaveBeenCalled(); // nobody signed in yet

  signedIn = true;
  p.request('http://h/trpc/session.signIn?batch=1');
  await vi.advanceTimersByTimeAsync(600);
  p.request('http://h/trpc/patients.search?batch=1');
  await vi.advanceTimersByTimeAsync(600);
  expect(task).not.toHaveBeenCalled(); // each request pushed it back
  p.request('http://h/trpc/sync.status?batch=1');
  await vi.advanceTimersByTimeAsync(500);
  expect(task).toHaveBeenCalledTimes(1); // the poll did not

  p.request('http://h/trpc/orders.cards?batch=1');
  await vi.advanceTimersByTimeAsync(5000);
  expect(task).toHaveBeenCalledTimes(1);
});

it('does nothing once cancelled, and a failing task does not throw', async () => {
  const task = vi.fn(() => Promise.reject(new Error('chunk missing')));
  const cancelled = idlePreload({ task, ready: () => true, quietMs: 100 });
  cancelled.cancel();
  await vi.advanceTimersByTimeAsync(1000);
  expect(task).not.toHaveBeenCalled();
  idlePreload({ task, ready: () => true, quietMs: 100 });
  await vi.advanceTimersByTimeAsync(200);
  expect(task).toHaveBeenCalledTimes(1);
});
