// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import type { OwedPurgeDevice } from '../api/features/privacy-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { DEVICES_PATH, OwedPurgesReport } from './OwedPurgesReport.tsx';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const lost: OwedPurgeDevice = {
  deviceId: 'ws-ward-4-07', label: 'Ward 4 cart 7', lastSeenAt: '2026-11-20T08:15:00Z', usernames: ['dr.ada'], oldestSince: '2026-11-20T08:14:00Z',
  patients: [{ patientId: '00000000-0000-4000-8000-000000000174', mrn: 'MRN000000174', since: '2026-11-20T08:14:00Z' }, { patientId: '00000000-0000-4000-8000-000000000175', mrn: null, since: '2026-11-21T09:00:00Z' }],
  wipe: 'none', wipeRequestedAt: null,
};
const asked: OwedPurgeDevice = { ...lost, deviceId: 'ws-clinic-2', label: null, lastSeenAt: null, wipe: 'pending', wipeRequestedAt: '2026-12-01T10:00:00Z', patients: [{ patientId: '00000000-0000-4000-8000-000000000200', mrn: 'MRN000000200', since: '2026-11-25T10:00:00Z' }], oldestSince: '2026-11-25T10:00:00Z' };

function setup(devices: OwedPurgeDevice[]) {
  const owedPurges = vi.fn((input: { olderThanDays?: number | undefined }) => Promise.resolve((input.olderThanDays ?? 7) > 20 ? [] : devices));
  const api = fakeApi({ privacy: { owedPurges } as never });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}><LanternTestProvider><OwedPurgesReport now={() => NOW} /></LanternTestProvider></ApiProvider>
    </QueryClientProvider>,
  );
  return { owedPurges };
}

afterEach(cleanup);

describe('owed purges report', { timeout: 30_000 }, () => {
  it('lists each device that still owes purges: last seen, users, patients by MRN, since when, and the remote wipe', async () => {
    const { owedPurges } = setup([lost, asked]);
    const table = await screen.findByRole('table', { name: 'Devices owing purges' });
    expect(owedPurges).toHaveBeenCalledWith({ olderThanDays: 7 });
    expect(screen.getByRole('status').textContent).toBe('2 devices, 3 patients owed');

    const ward = within(table).getByTestId('owed-ws-ward-4-07');
    expect(within(ward).getByRole('rowheader').textContent).toContain('Ward 4 cart 7');
    expect(ward.textContent).toContain('dr.ada');
    const patients = within(ward).getByRole('list', { name: 'Patients owed by Ward 4 cart 7' });
    expect(within(patients).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s/g, ' '))).toEqual(['MRN000000174 since 20 Nov 2026', 'Patient 00000000-0000-4000-8000-000000000175 since 21 Nov 2026']);
    expect(ward.textContent).toContain('14 days');
    expect(within(ward).getByRole('link', { name: 'Remote wipe Ward 4 cart 7 (Administration, Devices)' }).getAttribute('href')).toBe(DEVICES_PATH);

    const clinic = within(table).getByTestId('owed-ws-clinic-2');
    expect(clinic.textContent).toContain('Never');
    expect(clinic.textContent).toContain('Wipe requested');
    expect(within(clinic).queryByRole('link')).toBeNull();
  });

  it('asks again for another number of days and says when no device is left', async () => {
    const { owedPurges } = setup([lost]);
    await screen.findByTestId('owed-ws-ward-4-07');
    const days = screen.getByRole('textbox', { name: 'Owed for more than (days)' });
    await userEvent.clear(days);
    await userEvent.type(days, '30');
    expect(await screen.findByText('No device owes a purge older than 30 days')).toBeTruthy();
    expect(owedPurges).toHaveBeenLastCalledWith({ olderThanDays: 30 });
  });
});
