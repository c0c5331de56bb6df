// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { VitalSign } from '@lantern/core';
import { VitalsTable } from './VitalsTable.tsx';

const v = (over: Partial<VitalSign>): VitalSign => ({
  observationId: crypto.randomUUID(),
  loinc: '8867-4',
  label: 'Heart rate',
  value: 72,
  unit: '/min',
  effective: '2026-11-20T08:00:00Z',
  interpretation: 'N',
  referenceRange: { low: 60, high: 100 },
  pendingSync: false,
  ...over,
});

afterEach(cleanup);

describe('VitalsTable abnormal flags', () => {
  it('flags high, low and critical values in words, and leaves normal ones unflagged', () => {
    render(
      <VitalsTable
        caption="Vitals"
        vitals={[
          v({ label: 'Heart rate', value: 72, interpretation: 'N' }),
          v({ label: 'Respiratory rate', value: 32, interpretation: 'H', referenceRange: { low: 12, high: 20 } }),
          v({ label: 'SpO2', value: 82, interpretation: 'LL', referenceRange: { low: 94, high: null } }),
          v({ label: 'Blood pressure', value: 150, secondary: { value: 95, unit: 'mm[Hg]' }, unit: 'mm[Hg]', interpretation: 'H', referenceRange: null }),
        ]}
      />,
    );
    const row = (label: string) => screen.getByRole('row', { name: new RegExp(`^${label}`) });
    expect(within(row('Heart rate')).queryByLabelText(/high|low/i)).toBeNull();
    expect(within(row('Respiratory rate')).getByLabelText('High')).toBeTruthy();
    expect(within(row('SpO2')).getByLabelText('Critically low')).toBeTruthy();
    expect(within(row('SpO2')).getByText('≥ 94')).toBeTruthy();
    expect(within(row('Blood pressure')).getByText(/150\/95/)).toBeTruthy();
  });

  it('marks a value recorded offline as not yet synced', () => {
    render(<VitalsTable caption="Vitals" vitals={[v({ pendingSync: true })]} />);
    expect(screen.getByText('Not yet synced')).toBeTruthy();
  });
});
