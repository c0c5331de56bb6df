// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { SyncStatusBar } from './SyncStatusBar.tsx';

const status = (over: { online?: boolean; pending?: number; others?: number; lastError?: string | null }) => ({
  online: over.online ?? true, lastSyncAt: '2026-12-04T10:00:00Z', pending: over.pending ?? 0, pendingOtherUsers: over.others ?? 0, conflicts: 0, initialSync: null,
  syncing: false, lastError: over.lastError ?? null, changeCount: 1,
});

function show(s: ReturnType<typeof status>): void {
  const api = fakeApi({ sync: { status: () => Promise.resolve(s) } as never });
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
});
