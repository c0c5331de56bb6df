/** Blood pressure over a stay, as the vitals flowsheet and trend show it: systolic and diastolic series. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unwrap, type LanternResource } from '@lantern/core';
import { generatePatient, practitionerPool } from '@lantern/core/synthetic';
import { openStore } from '../open-store.ts';
import { explicitKeyProvider, randomKey } from '../key/key-provider.ts';
import { changesFor } from '../seed-changes.ts';
import { removeTempDirs, tempDir } from '../testing/temp-dir.ts';
import type { WritableStore } from '../local-store.ts';

const SEED = 20_261_101;
const NOW = Date.parse('2026-12-04T09:00:00Z');
let store: WritableStore;
let patientId: string;

beforeAll(async () => {
  store = unwrap(await openStore({ path: join(tempDir(), 'bp.db'), keyProvider: explicitKeyProvider(randomKey()), now: () => new Date(NOW) }));
  const attending = practitionerPool(SEED)[0];
  if (attending === undefined) throw new Error('no practitioner');
  const rec = generatePatient({ seed: SEED, index: 7, admission: { attending, ward: 'WARD-3A', bed: 'Bed 8', nowMs: NOW, days: 3 } });
  patientId = String(rec.patient.id);
  const all: LanternResource[] = [rec.patient, ...rec.resources];
  unwrap(store.upsertChanges(changesFor(all, { firstSeq: 1, lastUpdated: '2026-12-04T09:00:00Z' })));
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('blood pressure series', () => {
  it('reads systolic and diastolic from the panel, one point per reading, systolic above diastolic', () => {
    const sys = unwrap(store.labSeries(patientId, '8480-6', 'vital-signs'));
    const dia = unwrap(store.labSeries(patientId, '8462-4', 'vital-signs'));
    expect(sys.label).toBe('Systolic BP');
    expect(dia.label).toBe('Diastolic BP');
    expect(sys.unit).toMatch(/mm\[?Hg\]?/);
    expect(sys.points.length).toBeGreaterThanOrEqual(9);
    expect(dia.points).toHaveLength(sys.points.length);
    sys.points.forEach((p, i) => expect(p.value).toBeGreaterThan(dia.points[i]?.value ?? Infinity));
    const inStay = sys.points.filter((p) => Date.parse(p.effective) > NOW - 4 * 86_400_000);
    expect(inStay.length).toBeGreaterThanOrEqual(8);
  });

  it('leaves other vitals as they were (heart rate by its own code)', () => {
    const hr = unwrap(store.labSeries(patientId, '8867-4', 'vital-signs'));
    expect(hr.points.length).toBeGreaterThanOrEqual(9);
    expect(hr.loinc).toBe('8867-4');
  });
});
