// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { ApiError } from '../api/api-error.ts';
import { fakeApi } from '../api/testing/fake-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { SyncStatusBar } from './SyncStatusBar.tsx';

const status = (over: { online?: boolean; pending?: number; others?: number; lastError?: string | null; offlineSession?: { serverReachable: boolean } | null }) => ({
  online: over.online ?? true, lastSyncAt: '2026-12-04T10:00:00Z', pending: over.pending ?? 0, pendingOtherUsers: over.others ?? 0, conflicts: 0, initialSync: null,
  syncing: false, lastError: over.lastError ?? null, changeCount: 1, offlineSession: over.offlineSession ?? null,
});

function show(s: ReturnType<typeof status>, reconnect?: (input: { password: string }) => Promise<unknown>): void {
  const api = fakeApi({ sync: { status: () => Promise.resolve(s) } as never, ...(reconnect === undefined ? {} : { session: { reconnect } as never }) });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><LanternTestProvider><SyncStatusBar /></LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('the sync status in the top bar', () => {
  it('says why changes are not going when the server answers but sync cannot finish', async () => {
    show(status({ pending: 2, lastError: 'Sign in again to sync' }));
    expect((await screen.findByTestId('sync-pending')).textContent).toBe('Pending: 2');
    expect(screen.getByTestId('sync-error').textContent).toBe('Sign in again to sync');
    expect(screen.getByTestId('sync-error').getAttribute('title')).toBe('Sign in again to sync');
  });

  it("counts the signed-in user's own changes as Pending, and other users' queued changes apart", async () => {
    show(status({ pending: 0, others: 2 }));
    expect((await screen.findByTestId('sync-pending')).textContent).toBe('Pending: 0');
    expect(screen.getByTestId('sync-pending-others').textContent).toBe("+2 other users'");
    expect(screen.getByTestId('sync-pending-others').getAttribute('title')).toMatch(/sent when they next sign in here/);
    cleanup();
    show(status({ pending: 1 }));
    await screen.findByTestId('sync-pending');
    expect(screen.queryByTestId('sync-pending-others')).toBeNull();
  });

  it('shows no error when the last cycle finished, and none on top of "Offline" (that already says it)', async () => {
    show(status({}));
    await screen.findByTestId('sync-pending');
    expect(screen.queryByTestId('sync-error')).toBeNull();
    cleanup();
    show(status({ online: false, lastError: 'Server unreachable' }));
    expect((await screen.findByTestId('sync-online')).textContent).toBe('Offline');
    expect(screen.queryByTestId('sync-error')).toBeNull();
  });

  it('says plainly that a session signed in offline does not sync, even while the server cannot be reached', async () => {
    show(status({ online: false, pending: 3, lastError: 'Signed in offline: sign in again to sync', offlineSession: { serverReachable: false } }), () => Promise.resolve({}));
    expect((await screen.findByTestId('sync-offline-session')).textContent).toBe('Signed in offline: sign in again to sync');
    expect(screen.getByTestId('sync-online').textContent).toBe('Offline');
    // Not offered while the server cannot be reached: it could only fail.
    expect(screen.queryByRole('button', { name: 'Sign in again' })).toBeNull();
  });

  it('offers to sign in again once the server answers, with the password only, and says why it failed', async () => {
    const calls: string[] = [];
    let accept = false;
    show(status({ online: true, pending: 3, lastError: 'Signed in offline: sign in again to sync', offlineSession: { serverReachable: true } }), (input) => {
      calls.push(input.password);
      return accept ? Promise.resolve({ status: 'active', mode: 'online' }) : Promise.reject(new ApiError('UNAUTHENTICATED', 'The username or password is not correct'));
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in again' }));
    expect(screen.queryByTestId('sync-error')).toBeNull();
    // Read together: "Signed in offline: Sign in again".
    expect(screen.getByTestId('sync-offline-session').textContent).toBe('Signed in offline:');
    fireEvent.change(await screen.findByLabelText(/Your password/), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not correct/);
    accept = true;
    fireEvent.change(screen.getByLabelText(/Your password/), { target: { value: 'lantern-demo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByLabelText(/Your password/)).toBeNull());
    expect(calls).toEqual(['wrong', 'lantern-demo']);
  });
});
