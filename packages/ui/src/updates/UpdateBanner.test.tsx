// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import type { UpdatePackage, UpdateStatusView } from '../api/features/updates-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { UpdatesScreen } from '../admin/UpdatesScreen.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';

const base: UpdateStatusView = { currentVersion: '1.3.0', channel: 'stable', update: { state: 'none' }, updateRequired: null, lastCheckedAt: null };
const pkg: UpdatePackage = {
  id: '00000000-0000-4000-8000-0000000000aa', channel: 'stable', platform: 'linux', version: '1.5.0', fileName: 'Lantern-1.5.0.AppImage',
  size: 104_857_600, sha512: 'x', releaseDate: '2026-12-04T08:00:00Z', stagingPercentage: 10, uploadedBy: 'update-upload-token',
};

function show(ui: React.ReactNode, updates: Partial<NonNullable<ReturnType<typeof fakeApi>['updates']>>) {
  const api = fakeApi({ updates: { status: () => Promise.resolve(base), check: () => Promise.resolve(base), packages: () => Promise.resolve({ packages: [], minimumWorkstationVersion: null, uploadsEnabled: true }), setRollout: () => Promise.resolve(pkg), ...updates } });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}><LanternTestProvider>{ui}</LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('update banner', { timeout: 30_000 }, () => {
  it('tells the clinician in plain words that this workstation must be updated and that their work is kept', async () => {
    const message = 'This workstation must be updated to 1.4.0 or later before it can sync. Your unsynced work is kept.';
    show(<UpdateBanner />, { status: () => Promise.resolve({ ...base, updateRequired: { minimumVersion: '1.4.0', message } }) });
    expect((await screen.findByRole('alert')).textContent).toBe(message);
  });

  it('says a verified update is ready, and nothing when there is none', async () => {
    show(<UpdateBanner />, { status: () => Promise.resolve({ ...base, update: { state: 'downloaded', version: '1.5.0' } }) });
    expect((await screen.findByTestId('update-ready')).textContent).toBe('Update ready — restart to install Lantern 1.5.0.');
    cleanup();
    show(<UpdateBanner />, { status: () => Promise.resolve({ ...base, update: { state: 'refused', version: '1.5.0', reason: 'bad signature' } }) });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('update-ready')).toBeNull();
  });
});

describe('updates admin screen', { timeout: 30_000 }, () => {
  it('lists packages per channel with their reach, and sets a rollout from the keyboard', async () => {
    const setRollout = vi.fn(() => Promise.resolve({ ...pkg, stagingPercentage: 50 }));
    const packages = vi.fn((input: void | { channel?: string | undefined } | undefined) =>
      Promise.resolve({ packages: (input ?? undefined)?.channel === 'pilot' ? [] : [pkg], minimumWorkstationVersion: '1.4.0', uploadsEnabled: true }));
    show(<UpdatesScreen />, { packages, setRollout });
    const table = await screen.findByRole('table', { name: 'Update packages' });
    const row = within(table).getByRole('row', { name: /1\.5\.0/ });
    expect(within(row).getByText('10 %')).toBeTruthy();
    expect(within(row).getByText('Linux')).toBeTruthy();
    expect(screen.getByText('Workstations older than 1.4.0 cannot sync')).toBeTruthy();
    const field = within(row).getByRole('textbox', { name: 'Rollout for 1.5.0 Linux' });
    await userEvent.clear(field);
    await userEvent.type(field, '50{Enter}');
    expect(setRollout).toHaveBeenCalledWith({ id: pkg.id, stagingPercentage: 50 });
    await userEvent.click(screen.getByRole('radio', { name: 'Pilot' }));
    expect(await screen.findByText('No packages on the pilot channel')).toBeTruthy();
  });
});
