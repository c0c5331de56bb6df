// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { PatientBanner as Banner } from '@lantern/core';
import { PatientBanner } from './PatientBanner.tsx';

const base: Banner = {
  patientId: '00000000-0000-4000-8000-000000000001',
  mrn: 'MRN-000001',
  name: 'Test Patient-One',
  sex: 'female',
  birthDate: '1958-03-07',
  ageYears: 68,
  allergyStatus: 'not-recorded',
  allergies: [],
  latestWeight: null,
  pendingSync: false,
};

afterEach(cleanup);

describe('PatientBanner', () => {
  it('tells "no known allergies" apart from "allergies not recorded"', () => {
    const { rerender } = render(<PatientBanner banner={{ ...base, allergyStatus: 'nka' }} />);
    expect(screen.getByTestId('banner-allergies').textContent).toBe('No known allergies');
    rerender(<PatientBanner banner={{ ...base, allergyStatus: 'not-recorded' }} />);
    expect(screen.getByTestId('banner-allergies').textContent).toBe('Allergies not recorded');
    expect(screen.queryByText('No known allergies')).toBeNull();
  });

  it('lists allergies and marks high-criticality ones', () => {
    render(
      <PatientBanner
        banner={{
          ...base,
          allergyStatus: 'has-allergies',
          allergies: [
            { id: 'a1', substance: 'Penicillin', criticality: 'high' },
            { id: 'a2', substance: 'Latex', criticality: 'low' },
          ],
        }}
      />,
    );
    const text = screen.getByTestId('banner-allergies').textContent ?? '';
    expect(text).toContain('Penicillin (high risk)');
    expect(text).toContain('Latex');
    expect(text).not.toContain('Latex (high risk)');
  });

  it('shows identity, age and sex, DOB, MRN and latest weight', () => {
    render(<PatientBanner banner={{ ...base, latestWeight: { value: 72.5, unit: 'kg', effective: '2026-11-20T08:00:00Z' } }} />);
    const banner = (screen.getByTestId('patient-banner').textContent ?? '').replace(/\s/g, ' ');
    expect(banner).toContain('Test Patient-One');
    expect(banner).toContain('68 y F');
    expect(banner).toContain('DOB 07 Mar 1958');
    expect(banner).toContain('MRN-000001');
    expect(banner).not.toContain('MRN MRN');
    expect(screen.getByTestId('banner-weight').textContent).toContain('72.5 kg');
  });

  it('labels a bare MRN and does not repeat the label on one that names itself', () => {
    render(<PatientBanner banner={{ ...base, mrn: '500013' }} />);
    expect(screen.getByTestId('patient-banner').textContent).toContain('MRN 500013');
    cleanup();
    render(<PatientBanner banner={{ ...base, mrn: 'MRN500000013' }} />);
    expect(screen.getByTestId('patient-banner').textContent).not.toContain('MRN MRN');
  });

  it('says when weight was never recorded and marks unsynced records', () => {
    render(<PatientBanner banner={{ ...base, pendingSync: true }} />);
    expect(screen.getByTestId('banner-weight').textContent).toBe('Weight: not recorded');
    expect(screen.getByText('Not yet synced')).toBeTruthy();
  });
});
