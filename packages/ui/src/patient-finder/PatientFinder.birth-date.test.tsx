// @vitest-environment jsdom
/**
 * The finder finds a patient by birth date however the clerk or clinician types it, including exactly
 * as the finder and the banner show it (copied with its no-break spaces). The host searches ISO dates
 * only, so this checks the whole path: typed text -> the ISO date(s) it can mean -> the patient listed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { PatientListItem } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import type { WorkstationApi } from '../api/WorkstationApi.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { PatientFinder } from './PatientFinder.tsx';

const MARIA: PatientListItem = {
  patientId: '00000000-0000-4000-8000-000000000058', mrn: 'MRN58', name: 'Maria Ortiz', birthDate: '1958-03-07', sex: 'female', ageYears: 68, location: null,
};
const OTHER: PatientListItem = { ...MARIA, patientId: '00000000-0000-4000-8000-000000000059', mrn: 'MRN59', name: 'Omar Quinn', birthDate: '1958-07-03' };

function setup() {
  // The host matches a birth date only in ISO form, as the local store's search column holds it.
  const search = vi.fn((q: string) => Promise.resolve(q === MARIA.birthDate ? [MARIA] : q === OTHER.birthDate ? [OTHER] : []));
  const api = { patients: { mine: () => Promise.resolve([MARIA]), census: () => Promise.resolve([MARIA]), search } } as unknown as WorkstationApi;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          <PatientFinder onOpen={vi.fn()} />
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { search, box: screen.getByRole('combobox') };
}

afterEach(cleanup);

describe('PatientFinder: birth date in any common format', () => {
  it('finds the patient by the date exactly as the finder shows it', async () => {
    const { box } = setup();
    const row = await screen.findByRole('option', { name: /Maria Ortiz/ });
    const shown = /DOB\s+(\S+\s+\S+\s+\d{4})/.exec(row.textContent ?? '')?.[1];
    expect(shown).toBeDefined();
    await userEvent.type(box, shown ?? '');
    const results = await screen.findByRole('listbox');
    expect(await within(results).findByText('Maria Ortiz')).toBeTruthy();
    expect(within(results).queryByText('Omar Quinn')).toBeNull();
  });

  it.each([
    '07 Mar 1958', '7 Mar 1958', '7 March 1958', '07-Mar-1958', '07MAR1958', 'Mar 7, 1958', 'March 7 1958',
    '1958-03-07', '1958/03/07', '19580307', '07.03.1958', '7 Mar 58',
  ])('"%s" lists Maria Ortiz (born 1958-03-07) and only her', async (typed) => {
    const { box, search } = setup();
    await userEvent.type(box, typed);
    const results = await screen.findByRole('listbox');
    expect(await within(results).findByText('Maria Ortiz')).toBeTruthy();
    expect(within(results).queryByText('Omar Quinn')).toBeNull();
    expect(search).toHaveBeenCalledWith('1958-03-07');
  });

  it('a US date that could be either day or month first lists both patients it can mean', async () => {
    const { box } = setup();
    await userEvent.type(box, '03/07/1958');
    const results = await screen.findByRole('listbox');
    expect(await within(results).findByText('Maria Ortiz')).toBeTruthy();
    expect(await within(results).findByText('Omar Quinn')).toBeTruthy();
  });
});
