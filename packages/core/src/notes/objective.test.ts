import { expect, it } from 'vitest';
import type { RecentLab, VitalSign } from '../chart/types.ts';
import { buildObjectiveBlock } from './objective.ts';

const vital = (loinc: string, label: string, value: number, unit: string, effective: string, extra: Partial<VitalSign> = {}): VitalSign => ({
  observationId: loinc, loinc, label, value, unit, effective, interpretation: 'N', referenceRange: null, pendingSync: false, ...extra,
});
const lab = (label: string, value: number, unit: string, effective: string, interpretation: RecentLab['interpretation']): RecentLab => ({
  observationId: label, loinc: '2160-0', label, value, unit, effective, interpretation, referenceRange: null,
});
const today = { from: '2025-06-01T00:00:00Z', to: '2025-06-01T15:00:00Z' };

it('pulls in only today\'s vitals and labs, BP first, abnormal values flagged', () => {
  const text = buildObjectiveBlock(
    [
      vital('8867-4', 'Heart rate', 112, '/min', '2025-06-01T08:00:00Z', { interpretation: 'H' }),
      vital('85354-9', 'Blood pressure', 128, 'mmHg', '2025-06-01T08:00:00Z', { secondary: { value: 82, unit: 'mmHg' } }),
      vital('8310-5', 'Temperature', 39.1, 'Cel', '2025-05-30T08:00:00Z'),
    ],
    [lab('Creatinine', 1.4, 'mg/dL', '2025-06-01T06:00:00Z', 'H'), lab('Potassium', 4.1, 'mmol/L', '2025-05-01T06:00:00Z', 'N')],
    today,
  );
  expect(text).toBe('Vitals: BP 128/82 mmHg, HR 112 /min (H).\nLabs: Creatinine 1.4 mg/dL (H).');
});

it('says plainly when nothing was recorded today', () => {
  expect(buildObjectiveBlock([], [], today)).toBe('Vitals: none recorded today.\nLabs: none resulted today.');
});
