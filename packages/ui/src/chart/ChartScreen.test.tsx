// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ChartView } from '@lantern/core';
import { ApiProvider } from '../api/ApiContext.tsx';
import { fakeApi } from '../api/testing/fake-api.ts';
import { LanternTestProvider } from '../design/testing/render.tsx';
import { ChartScreen } from './ChartScreen.tsx';
import type * as BannerModule from '../patient-banner/PatientBanner.tsx';

// Counts the banner's renders; it draws the real banner.
const banner = vi.hoisted(() => ({ renders: 0 }));
vi.mock('../patient-banner/PatientBanner.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof BannerModule>();
  return {
    ...real,
    PatientBanner: (props: Parameters<typeof real.PatientBanner>[0]) => {
      banner.renders += 1;
      return real.PatientBanner(props);
    },
  };
});

const PATIENT = '00000000-0000-4000-8000-0000000000c1';

const CHART: ChartView = {
  patient: { resourceType: 'Patient', id: PATIENT },
  summary: {
    banner: {
      patientId: PATIENT, mrn: 'MRN000000001', name: 'Test Patient One', sex: 'female', birthDate: '1970-01-01', ageYears: 56,
      allergyStatus: 'nka', allergies: [], latestWeight: null, pendingSync: false,
    },
    activeProblems: [], activeMedications: [], allergies: [], latestVitals: [], recentLabs: [],
  },
  encounters: [{ resourceType: 'Encounter', id: '00000000-0000-4000-8000-0000000000e1', status: 'finished', class: { code: 'AMB', display: 'ambulatory' }, period: { start: '2026-11-01T09:00:00Z' } }],
  notes: [],
  observationCount: 0,
  tabs: ['summary', 'encounters'],
};

function setup() {
  const api = fakeApi({
    chart: { open: vi.fn(() => Promise.resolve(CHART)) },
    breakGlass: { active: vi.fn(() => Promise.resolve(null)) },
  });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider api={api}>
        <LanternTestProvider>
          <ChartScreen patientId={PATIENT} role="registrar" onClose={() => undefined} />
        </LanternTestProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => { cleanup(); banner.renders = 0; });

describe('switching chart tabs', { timeout: 30_000 }, () => {
  it('shows the tab picked; the tab left stays out of the tab order and the accessibility tree; the banner is not drawn again', async () => {
    setup();
    await screen.findByRole('tab', { name: 'Encounters' });
    const rendersAtOpen = banner.renders;
    expect(rendersAtOpen).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('tab', { name: 'Encounters' }));
    expect(screen.getByRole('tab', { name: 'Encounters' }).getAttribute('aria-selected')).toBe('true');
    // One panel for assistive technology: the one shown.
    const shown = screen.getByRole('tabpanel');
    expect(shown.id).toBe('panel-encounters');
    expect(shown.textContent).toContain('ambulatory');
    const left = document.getElementById('panel-summary');
    expect(left?.hidden).toBe(true);
    expect(left?.hasAttribute('inert')).toBe(true);
    expect(left?.getAttribute('aria-hidden')).toBe('true');
    expect(left?.tabIndex).toBe(-1);
    expect(banner.renders).toBe(rendersAtOpen);

    await userEvent.click(screen.getByRole('tab', { name: 'Summary' }));
    expect(screen.getByRole('tabpanel').id).toBe('panel-summary');
    expect(document.getElementById('panel-summary')?.hasAttribute('inert')).toBe(false);
    expect(document.getElementById('panel-summary')?.tabIndex).toBe(0);
    expect(banner.renders).toBe(rendersAtOpen);
  });
});
