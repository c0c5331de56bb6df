/**
 * "This may be the same person": before a registration is saved, the workstation scores it against
 * the patients in its own store that the user may see (offline too), with core's matcher. The
 * store holds this user's scope (care team and unit), a few thousand records at most, so every one
 * is scored: no blocking is needed at this size. The server checks against everyone when it syncs.
 */
import { type Patient } from '@lantern/core';
import {
  matchPersonFromPatient, patientFromRegistration, rankCandidates, type FieldComparison, type MatchGrade, type RegistrationFields,
} from '@lantern/core/mpi';
import { mayRead, type PatientAccessContext } from '../api/patient-access.ts';
import { must } from '../api/trpc.ts';
import { localMatchConfig } from './match-thresholds.ts';

/** One likely existing patient, with what the screen shows side by side. */
export interface LikelyMatch {
  patientId: string;
  score: number;
  grade: MatchGrade;
  fields: FieldComparison[];
  name: string;
  birthDate: string | null;
  sex: string | null;
  mrn: string | null;
  address: string | null;
  phone: string | null;
}

const MAX_SCANNED = 5000;

function summary(p: Patient): Omit<LikelyMatch, 'patientId' | 'score' | 'grade' | 'fields'> {
  const n = p.name?.[0];
  const a = p.address?.[0];
  return {
    name: n?.text ?? [...(n?.given ?? []), n?.family ?? ''].join(' ').trim(),
    birthDate: p.birthDate ?? null,
    sex: p.gender ?? null,
    mrn: p.identifier?.find((i) => i.use === 'usual')?.value ?? p.identifier?.[0]?.value ?? null,
    address: a === undefined ? null : [...(a.line ?? []), a.city, a.postalCode].filter((x) => x !== undefined && x !== '').join(', '),
    phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null,
  };
}

export function likelyMatches(ctx: PatientAccessContext, fields: RegistrationFields, limit = 5): LikelyMatch[] {
  const scope = ctx.scope;
  if (scope === null) return [];
  const ids = [...new Set([...scope.careTeam, ...scope.unit])].filter((id) => mayRead(ctx, id, 'Patient')).slice(0, MAX_SCANNED);
  const patients = new Map<string, Patient>();
  for (const id of ids) {
    const r = must(ctx.services.store.getResource(id));
    if (r !== null && r.resourceType === 'Patient' && r.active !== false) patients.set(id, r);
  }
  const query = matchPersonFromPatient({ ...patientFromRegistration(fields), id: '' });
  const ranked = rankCandidates(query, [...patients.values()].map(matchPersonFromPatient), localMatchConfig(ctx.services.clinical.db), { count: limit });
  return ranked.flatMap((m) => {
    const p = patients.get(m.id);
    return p === undefined ? [] : [{ patientId: m.id, score: m.score, grade: m.grade, fields: [...m.fields], ...summary(p) }];
  });
}
