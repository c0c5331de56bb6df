// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { SessionState } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { WorkstationApp } from './WorkstationApp.tsx';

/** A host whose first session answer waits until the test releases it (a host still starting). */
function startingHost() {
  let answer!: (s: SessionState) => void;
  const current = vi.fn(() => new Promise<SessionState>((resolve) => (answer = resolve)));
  const api = fakeApi({ session: { current } });
  return {
    api,
    current,
    answer: async (s: SessionState) => {
      await vi.waitFor(() => expect(current).toHaveBeenCalled());
      await act(async () => answer(s));
    },
  };
}

function renderApp(api: ReturnType<typeof fakeApi>, hostStarting?: boolean) {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          {hostStarting === undefined ? <WorkstationApp /> : <WorkstationApp hostStarting={hostStarting} />}
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('WorkstationApp at start-up', () => {
  it('shows the sign-in form at once while the host starts, and keeps what was typed when the host answers', async () => {
    const host = startingHost();
    renderApp(host.api, true);
    // Before any answer from the host: the form, not a wait.
    const username = screen.getByLabelText('Username');
    expect(screen.queryByText('Starting Lantern…')).toBeNull();
    await userEvent.type(username, 'dr.ada');
    await host.answer({ status: 'signed-out', autoLockMs: 600_000 });
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('dr.ada');
  });

  it('follows the host when its first answer is not signed-out', async () => {
    const host = startingHost();
    renderApp(host.api, true);
    expect(screen.getByLabelText('Username')).toBeTruthy();
    await host.answer({ status: 'locked', user: { userId: 'u1', username: 'dr.ada', displayName: 'Dr Ada', role: 'physician' }, autoLockMs: 600_000 });
    await vi.waitFor(() => expect(screen.queryByLabelText('Username')).toBeNull());
  });

  it('waits for the session when the host did not say it was starting (a reload, Electron)', async () => {
    const host = startingHost();
    renderApp(host.api);
    expect(screen.getByText('Starting Lantern…')).toBeTruthy();
    expect(screen.queryByLabelText('Username')).toBeNull();
    await host.answer({ status: 'signed-out', autoLockMs: 600_000 });
    expect(await screen.findByLabelText('Username')).toBeTruthy();
  });
});
