/**
 * Everything a chart open loads, read in one snapshot (a single read transaction under WAL, so a
 * sync write landing mid-read cannot show a banner and a med list from two different moments).
 */
import { LanternError, err, ok, type ChartSummary, type FullChart, type PatientBanner, type Result } from '@lantern/core';
import type { StoreDb } from '../store-db.ts';
import { activeMedications, activeProblems, allergyList, encounters } from './clinical-lists.ts';
import { notesList } from './notes-list.ts';
import { latestVitals, observationCount, recentLabs } from './observations.ts';
import { buildBanner, readPatient } from './patient-banner.ts';

const notFound = (): LanternError => new LanternError('NOT_FOUND', 'That patient is not in the local store');

export function readBanner(db: StoreDb, patientId: string, asOf: Date): Result<PatientBanner, LanternError> {
  return db.raw.transaction(() => {
    const p = readPatient(db, patientId);
    if (p === null) return err(notFound());
    return ok(buildBanner(db, patientId, p.patient, allergyList(db, patientId), asOf));
  })();
}

export function readSummary(db: StoreDb, patientId: string, asOf: Date): Result<ChartSummary, LanternError> {
  return db.raw.transaction(() => {
    const p = readPatient(db, patientId);
    if (p === null) return err(notFound());
    return ok(summaryOf(db, patientId, p.patient, asOf));
  })();
}

function summaryOf(db: StoreDb, patientId: string, patient: Parameters<typeof buildBanner>[2], asOf: Date): ChartSummary {
  const allergies = allergyList(db, patientId);
  return {
    banner: buildBanner(db, patientId, patient, allergies, asOf),
    activeProblems: activeProblems(db, patientId),
    activeMedications: activeMedications(db, patientId),
    allergies: allergies.allergies,
    latestVitals: latestVitals(db, patientId),
    recentLabs: recentLabs(db, patientId),
  };
}

export function readFullChart(db: StoreDb, patientId: string, asOf: Date): Result<FullChart, LanternError> {
  return db.raw.transaction(() => {
    const p = readPatient(db, patientId);
    if (p === null) return err(notFound());
    return ok({
      patient: p.patient,
      summary: summaryOf(db, patientId, p.patient, asOf),
      encounters: encounters(db, patientId),
      notes: notesList(db, patientId),
      observationCount: observationCount(db, patientId),
    });
  })();
}
