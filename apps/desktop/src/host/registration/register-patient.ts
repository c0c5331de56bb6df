/**
 * Registers a patient on the workstation, offline too: a new UUID, the next provisional MRN of this
 * device's server-assigned range, the registering user's care team (here at once; on the server
 * when the registration syncs), and a create mutation in the outbox, so the patient is charted
 * immediately and synced later like any other write.
 */
import { canRegisterPatients, LanternError } from '@lantern/core';
import { registeredPatient, type RegistrationFields } from '@lantern/core/mpi';
import type { PatientAccessContext } from '../api/patient-access.ts';
import { queueWrite } from '../api/queue-write.ts';
import { toTrpcError } from '../api/trpc.ts';
import { fetchMrnRange } from './mrn-range-client.ts';
import { addRange, LOW_WATER, remaining, takeProvisionalMrn } from './mrn-range.ts';

/** Tops up the device's MRN range while online; offline (or on failure) keeps what it has. Returns numbers left. */
export async function ensureMrnRange(ctx: PatientAccessContext): Promise<number> {
  const db = ctx.services.clinical.db;
  const left = remaining(db);
  const token = ctx.services.session.accessToken();
  if (left >= LOW_WATER || token === null) return left;
  try {
    addRange(db, await fetchMrnRange(ctx.services.clinical.api.baseUrl, token), ctx.services.now());
  } catch {
    // Offline or the server refused: registration goes on with the numbers left (none: a clear error).
  }
  return remaining(db);
}

export async function registerPatient(ctx: PatientAccessContext, fields: RegistrationFields): Promise<{ patientId: string; mrn: string }> {
  if (!canRegisterPatients(ctx.user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not register patients'));
  if (ctx.scope === null) throw toTrpcError(new LanternError('FORBIDDEN', 'Your patient list is not loaded: sign in again when the server can be reached'));
  await ensureMrnRange(ctx);
  let mrn: string;
  try {
    mrn = takeProvisionalMrn(ctx.services.clinical.db);
  } catch (e) {
    throw toTrpcError(e);
  }
  const patientId = ctx.services.uuid();
  const patient = registeredPatient(fields, patientId, mrn);
  // The registering user's care team gets the patient now, so the local policy lets them chart it
  // offline; the server makes the same link when the registration syncs (registration/ on the server).
  if (!ctx.scope.careTeam.includes(patientId)) ctx.scope.careTeam.push(patientId);
  queueWrite(ctx, patientId, patient, 'create');
  await ctx.services.audit.record({ userId: ctx.user.userId, action: 'resource-create', outcome: 'success', patientId, resourceType: 'Patient', resourceId: patientId, detail: { via: 'registration' } });
  return { patientId, mrn };
}
