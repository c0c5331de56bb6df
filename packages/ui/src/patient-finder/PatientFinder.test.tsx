// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { PatientListItem } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import { PatientFinder } from './PatientFinder.tsx';

const patient = (n: number, name: string): PatientListItem => ({
  patientId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, mrn: `MRN${n}`, name, birthDate: '1970-01-01', sex: 'female', ageYears: 56, location: null,
});
const ANNA = patient(1, 'Anna Able');
const ANDY = patient(2, 'Andy Baker');

function setup(searchDelayMs: (q: string) => number) {
  const search = vi.fn((q: string) => new Promise<PatientListItem[]>((res) => setTimeout(() => res(q === 'an' ? [ANNA, ANDY] : q === 'andy' ? [ANDY] : [ANNA, ANDY]), searchDelayMs(q))));
  const api = { patients: { mine: () => Promise.resolve([ANNA]), census: () => Promise.resolve([ANNA, ANDY]), search } } as unknown as WorkstationApi;
  const onOpen = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}>
        <PatientFinder onOpen={onOpen} />
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { onOpen, search };
}

afterEach(cleanup);

describe('PatientFinder keyboard path', () => {
  it('starts in the search box; ArrowDown then Enter opens the highlighted patient', async () => {
    const { onOpen } = setup(() => 0);
    const box = screen.getByRole('combobox');
    expect(document.activeElement).toBe(box);
    await userEvent.keyboard('an');
    await screen.findByText('Andy Baker');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(onOpen).toHaveBeenCalledWith(ANDY.patientId);
  });

  it('never opens a result left over from the previous keystroke when Enter comes first', async () => {
    // "an" answers at once; "andy" slowly. Enter right after typing must wait for "andy".
    const { onOpen } = setup((q) => (q === 'andy' ? 300 : 0));
    await userEvent.keyboard('an');
    await screen.findByText('Anna Able');
    await userEvent.keyboard('dy{Enter}');
    expect(onOpen).not.toHaveBeenCalled();
    await waitFor(() => expect(onOpen).toHaveBeenCalledWith(ANDY.patientId));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});
