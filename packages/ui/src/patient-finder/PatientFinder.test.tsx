// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { PatientListItem } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { formatDate } from '../format/format.ts';
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
        <LanternTestProvider>
          <PatientFinder onOpen={onOpen} />
        </LanternTestProvider>
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

const ROUNDS: PatientListItem[] = [
  { ...patient(3, 'Zoe Adams'), location: '4 West · 12', attending: 'Dr Ada Lovelace', activeProblems: 3, alerts: { allergies: 2, highRiskAllergy: true, allergiesNotRecorded: false, unsynced: true, conflicts: 1 } },
  { ...patient(4, 'Aaron Young'), location: '4 West · 02', attending: null, activeProblems: 0, alerts: { allergies: 0, highRiskAllergy: false, allergiesNotRecorded: true, unsynced: false, conflicts: 0 } },
  { ...patient(5, 'Mia Carter'), birthDate: '1958-03-07' },
];

function setupRounds() {
  const search = vi.fn((q: string) => Promise.resolve(q === '1958-03-07' ? [ROUNDS[2] as PatientListItem] : q === '1958-07-03' ? [] : []));
  const api = { patients: { mine: () => Promise.resolve(ROUNDS), census: () => Promise.resolve(ROUNDS), search } } as unknown as WorkstationApi;
  const onOpen = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          <PatientFinder onOpen={onOpen} />
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { onOpen, search };
}

describe('PatientFinder for rounds', { timeout: 30_000 }, () => {
  it('lists by last name with location, attending, problem count and alerts in words', async () => {
    setupRounds();
    await screen.findByText('Zoe Adams');
    const names = screen.getAllByRole('option').map((o) => o.querySelector('.patient-name')?.textContent);
    expect(names).toEqual(['Zoe Adams', 'Mia Carter', 'Aaron Young']);
    const zoe = screen.getAllByRole('option')[0]?.textContent ?? '';
    expect(zoe).toContain('4 West · 12');
    expect(zoe).toContain('Dr Ada Lovelace');
    expect(zoe).toContain('3 active');
    expect(zoe).toContain('2 allergies (high risk)');
    expect(zoe).toContain('Not yet synced');
    expect(zoe).toContain('1 conflict');
    // The row reads in words (e2e and screen readers take the MRN from it).
    expect(zoe).toMatch(/MRN MRN3 4 West/);
    // On screen the MRN and birth date sit under their headings without repeating them ("MRN MRN3"):
    // the labels are for screen readers only (the heading row is hidden from them).
    const row = screen.getAllByRole('option')[0];
    const visible = (el: Element | null | undefined): string =>
      [...(el?.childNodes ?? [])].map((n) => (n instanceof Element && n.classList.contains('sr-only') ? '' : n.textContent ?? '')).join('');
    expect(visible(row?.querySelector('[data-testid="finder-mrn"]'))).toBe('MRN3');
    expect(visible(row?.querySelector('[data-testid="finder-born"]'))).toBe(formatDate('1970-01-01'));
    expect(row?.querySelector('[data-testid="finder-mrn"] .sr-only')?.textContent).toBe('MRN ');
    expect(screen.getAllByRole('option')[2]?.textContent).toContain('Allergies not recorded');
  });

  it('sorts by location and bed when asked, patients without a bed last', async () => {
    setupRounds();
    await screen.findByText('Zoe Adams');
    await userEvent.click(screen.getByRole('button', { name: 'Location / bed' }));
    const names = screen.getAllByRole('option').map((o) => o.querySelector('.patient-name')?.textContent);
    expect(names).toEqual(['Aaron Young', 'Zoe Adams', 'Mia Carter']);
  });

  it.each(['07 Mar 1958', '7 March 1958', '03/07/1958', '1958-03-07', '19580307', '07.03.1958', 'Mar 7, 1958'])(
    'finds a patient by the birth date typed as %s',
    async (typed) => {
      const { search, onOpen } = setupRounds();
      await userEvent.type(screen.getByRole('combobox'), typed);
      await waitFor(() => expect(search).toHaveBeenCalledWith('1958-03-07'));
      await screen.findByText(`Search results for “${typed}”`);
      await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.querySelector('.patient-name')?.textContent)).toEqual(['Mia Carter']));
      await userEvent.keyboard('{Enter}');
      expect(onOpen).toHaveBeenCalledWith(ROUNDS[2]?.patientId);
    },
  );
});
