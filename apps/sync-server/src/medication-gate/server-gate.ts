/**
 * The server's re-check of every MedicationRequest that arrives (sync push, FHIR create, update,
 * conditional create, transaction and batch entries): core's `gateMedicationWrite`, the same
 * gate the workstation's sign flow passes, against the patient's context from the server's own
 * store as of the write. What it refuses, it refuses with the core error (BAD_INPUT naming the
 * field for a hard stop, PRECONDITION_REQUIRED listing the cards for a critical card without
 * an override carried by the order); what it lets through brings one `cds-override` audit event
 * per override this write made, written in the write's own transaction.
 */
import { LanternError, type AuditEventInput, type ResourceJson } from '@lantern/core';
import { changesMedication, gateMedicationWrite, medicationChange, type MedicationGateOutcome } from '@lantern/core/orders';
import { err, ok, type Result } from '@lantern/core';
import { serverEvent, type Actor } from '../db/audit-log.ts';
import type { PatientContexts } from './patient-contexts.ts';

export interface GatedWrite {
  patientId: string;
  resourceType: string;
  resourceId: string;
  /** The current version (null: none, or deleted). */
  before: ResourceJson | null;
  /** The version the write leaves (null: a delete). */
  after: ResourceJson | null;
}

/** Whether this write changes what a patient receives, i.e. whether the engine must run. */
export function needsMedicationGate(resourceType: string, before: ResourceJson | null, after: ResourceJson | null): boolean {
  return resourceType === 'MedicationRequest' && changesMedication(medicationChange(before, after));
}

const NOTHING: MedicationGateOutcome = { changes: ['none'], cards: [], overridden: [] };

/**
 * What the gate has run in this process: writes the engine evaluated, and the cards it raised by
 * rule (`coverage`: a drug the knowledge base does not know, i.e. checked for nothing). A bench
 * reads it to prove it measured real checks, not the unknown-drug path.
 */
export const medicationGateTally = { evaluated: 0, cardsByRule: new Map<string, number>() };

function tally(outcome: Result<MedicationGateOutcome, LanternError>): Result<MedicationGateOutcome, LanternError> {
  medicationGateTally.evaluated += 1;
  if (outcome.ok) {
    const byRule = medicationGateTally.cardsByRule;
    for (const card of outcome.value.cards) {
      const rule = card.extension['lantern.rule'];
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
  }
  return outcome;
}

/** Who writes, and when (`nowIso`: `now` as an ISO string, for a caller that checks many writes at one time). */
export interface GateClock { userId: string; now: Date; nowIso?: string }

/** Runs the gate for one write; `contexts` must hold the write's patient when the gate is needed. */
export function checkMedicationWrite(contexts: PatientContexts, w: GatedWrite, by: GateClock): Result<MedicationGateOutcome, LanternError> {
  if (w.resourceType !== 'MedicationRequest') return ok(NOTHING);
  const changes = medicationChange(w.before, w.after);
  if (!changesMedication(changes)) return ok(NOTHING);
  const now = by.nowIso ?? by.now.toISOString();
  // The order the engine reads as the draft, by the id it carries (its chart entry is not read).
  const draftId = w.after?.['id'];
  const chart = contexts.chartOf(w.patientId, now, typeof draftId === 'string' ? draftId : undefined);
  // Fail closed: a medication change is never written unchecked.
  if (chart === null) return err(new LanternError('UNAVAILABLE', 'The medication safety check could not run for this order: retry'));
  return tally(gateMedicationWrite({ before: w.before, after: w.after, context: chart.context, chart, now, userId: by.userId, changes }));
}

/** One `cds-override` event per override this write made (carried-over ones were audited when made). */
export function overrideAuditEvents(actor: Actor, w: GatedWrite, outcome: MedicationGateOutcome, now: Date, via: 'sync' | 'fhir'): AuditEventInput[] {
  if (outcome.overridden.length === 0) return [];
  return outcome.overridden.filter((o) => o.isNew).map(({ card, override }) => {
    const display = card.overrideReasons.find((r) => r.code === override.reason)?.display ?? override.reason;
    return serverEvent(actor, {
      action: 'cds-override',
      outcome: 'success',
      patientId: w.patientId,
      resourceType: w.resourceType,
      resourceId: w.resourceId,
      reason: (override.comment === undefined ? display : `${display}: ${override.comment}`).slice(0, 1000),
      purposeOfUse: 'TREAT',
      detail: {
        via,
        cardUuid: card.uuid,
        reasonCode: override.reason,
        author: override.author,
        overriddenAt: override.at,
        indicator: card.indicator,
        rule: card.extension['lantern.rule'],
        kbEntry: card.extension['lantern.kbEntry'],
        kbVersion: card.extension['lantern.kbVersion'],
      },
    }, now);
  });
}
