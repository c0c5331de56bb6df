import { describe, expect, it, vi } from 'vitest';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { SessionState } from '@lantern/core';
import { queryKeys } from './queryKeys.ts';
import { resetSession } from './resetSession.ts';

const signedOut: SessionState = { status: 'signed-out', autoLockMs: 600_000 };
const active: SessionState = { status: 'active', user: { userId: 'u1', username: 'dr.ada', displayName: 'Dr Ada', role: 'physician' }, mode: 'offline', autoLockMs: 600_000 };

describe('resetSession', () => {
  it('is not undone by a session answer asked for before the change (the form shown while the host started)', async () => {
    const qc = new QueryClient();
    // The host: signed out when first asked (its answer delayed), signed in after.
    let hostState: SessionState = signedOut;
    let releaseFirst!: () => void;
    const firstAsked = new Promise<void>((r) => (releaseFirst = r));
    let calls = 0;
    const queryFn = async (): Promise<SessionState> => {
      calls += 1;
      const seen = hostState;
      if (calls === 1) await firstAsked;
      return seen;
    };
    // The screen watching the session (as WorkstationApp's useQuery does) asks the first time.
    const unsubscribe = new QueryObserver(qc, { queryKey: queryKeys.session, queryFn }).subscribe(() => undefined);
    // Sign-in succeeds while the first answer is still on its way.
    hostState = active;
    resetSession(qc, active);
    releaseFirst();
    await vi.waitFor(() => expect(qc.isFetching({ queryKey: queryKeys.session })).toBe(0));
    unsubscribe();
    expect(qc.getQueryData(queryKeys.session)).toEqual(active);
  });
});
