import { describe, expect, it } from 'vitest';
import type { FullChart } from '@lantern/core';
import { allowedTabs, filterChart, relationTo } from './chart-access.ts';

const chart = {
  patient: { resourceType: 'Patient', id: 'p' },
  summary: {
    banner: { patientId: 'p', mrn: 'M1', name: 'X', sex: 'female', birthDate: '1970-01-01', ageYears: 56, allergyStatus: 'has-allergies', allergies: [{ id: 'a', substance: 'Penicillin', criticality: 'high' }], latestWeight: { value: 70, unit: 'kg', effective: '2026-01-01' }, pendingSync: false },
    activeProblems: [{ resourceType: 'Condition', id: 'c', subject: {} }],
    activeMedications: [{ resourceType: 'MedicationRequest', id: 'm', status: 'active', intent: 'order', subject: {} }],
    allergies: [{ resourceType: 'AllergyIntolerance', id: 'a', patient: {} }],
    latestVitals: [{ observationId: 'o', loinc: '8867-4', label: 'HR', value: 80, unit: '/min', effective: '2026', interpretation: 'N', referenceRange: null, pendingSync: false }],
    recentLabs: [{ observationId: 'l', loinc: '2160-0', label: 'Creat', value: 1, unit: 'mg/dL', effective: '2026', interpretation: 'N', referenceRange: null }],
  },
  encounters: [{ resourceType: 'Encounter', id: 'e', status: 'finished', class: {} }],
  notes: [{ id: 'n', resourceType: 'DocumentReference', title: 'Progress note', date: '2026', author: 'Dr', status: 'current', pendingSync: false }],
  observationCount: 2,
} as unknown as FullChart;

describe('minimum necessary on screen', () => {
  it('gives a physician on the care team every tab', () => {
    expect(allowedTabs('physician', 'care-team')).toEqual(['summary', 'problems', 'medications', 'orders', 'allergies', 'vitals', 'encounters', 'notes']);
  });

  it('gives billing no notes, no observations and no medications, and strips that data from the chart', () => {
    const view = filterChart(chart, 'billing', 'care-team');
    expect(view.tabs).toEqual(['summary', 'problems', 'encounters']);
    expect(view.notes).toEqual([]);
    expect(view.summary.latestVitals).toEqual([]);
    expect(view.summary.recentLabs).toEqual([]);
    expect(view.summary.activeMedications).toEqual([]);
    expect(view.summary.banner.latestWeight).toBeNull();
    expect(view.summary.banner.allergies).toEqual([]);
    expect(view.observationCount).toBe(0);
    expect(JSON.stringify(view)).not.toContain('Progress note');
  });

  it('gives a nurse on the unit (not the care team) the banner only', () => {
    expect(allowedTabs('nurse', 'unit')).toEqual(['summary', 'allergies']);
    expect(filterChart(chart, 'nurse', 'unit').summary.banner.allergies).toHaveLength(1);
  });

  it('takes the relation from the server-provided scope', () => {
    const scope = { careTeam: ['a'], unit: ['b'] };
    expect(relationTo(scope, 'a')).toBe('care-team');
    expect(relationTo(scope, 'b')).toBe('unit');
    expect(relationTo(scope, 'c')).toBe('none');
    // Scope unknown: nobody is this user's patient (a shared store holds other users' charts).
    expect(relationTo(null, 'a')).toBe('none');
    expect(allowedTabs('physician', 'none')).toEqual([]);
  });
});
