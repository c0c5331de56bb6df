/**
 * Alert fatigue (issue item 3): a warning or info card that the same clinician overrode for the same
 * patient and the same pair is not shown again within a window. Critical cards are never suppressed.
 * Every override becomes an audit event ('cds-override') carrying the reason.
 */
import type { AuditEventInput } from '../audit/event.ts';
import { LanternError } from '../errors.ts';
import { asDeviceId, asPatientId, asUserId, isUuid } from '../ids/index.ts';
import { err, ok, type Result } from '../result.ts';
import { deterministicUuid } from './hash.ts';
import type { Card, Suppression } from './types.ts';

/** The key an override of this card is remembered under: rule, entry and the pair (not order ids). */
export const suppressionKey = (card: Card): string => card.extension['lantern.suppressionKey'];

export function isSuppressed(
  card: Card, suppressions: readonly Suppression[], userId: string | undefined, patientId: string, nowMs: number, windowHours: number,
): boolean {
  // Critical cards (hard stops included) are never hidden.
  if (card.indicator === 'critical' || card.extension['lantern.hardStop'] === true || userId === undefined) return false;
  const key = suppressionKey(card);
  const windowMs = windowHours * 3_600_000;
  return suppressions.some((s) => {
    if (s.userId !== userId || s.patientId !== patientId || s.key !== key) return false;
    const at = Date.parse(s.overriddenAt);
    return Number.isFinite(at) && at <= nowMs && nowMs - at < windowMs;
  });
}

export interface OverrideReasonInput {
  /** One of `card.overrideReasons[].code`. */
  code: string;
  /** Optional free text from the clinician. */
  comment?: string;
}

export interface OverrideRecord {
  suppression: Suppression;
  auditEvent: AuditEventInput;
}

/**
 * Records a clinician's override of a card: the suppression to store (warning/info only take effect;
 * critical is stored too for the record but never hides a card) and the audit event with the reason.
 * The event id is derived from the card, user and time so a retried call gives the same event.
 */
export function recordOverride(
  card: Card, reason: OverrideReasonInput, user: { userId: string; deviceId: string }, patientId: string, now: string,
): Result<OverrideRecord, LanternError> {
  const offered = card.overrideReasons.find((r) => r.code === reason.code);
  if (offered === undefined) {
    return err(new LanternError('BAD_INPUT', 'The override reason is not one this card offers', {
      issues: [{ path: 'reason.code', message: `must be one of ${card.overrideReasons.map((r) => r.code).join(', ')}` }],
    }));
  }
  if (!isUuid(patientId)) return err(new LanternError('BAD_INPUT', 'patientId must be a UUID', { issues: [{ path: 'patientId', message: 'must be a UUID' }] }));
  if (!Number.isFinite(Date.parse(now))) return err(new LanternError('BAD_INPUT', 'now must be a FHIR instant', { issues: [{ path: 'now', message: 'invalid instant' }] }));
  const comment = reason.comment?.trim();
  const text = comment === undefined || comment === '' ? offered.display : `${offered.display}: ${comment}`;
  const draft = card.extension['lantern.draftOrder'];
  const [resourceType, resourceId] = draft.split('/');
  const key = suppressionKey(card);
  return ok({
    suppression: { userId: user.userId, patientId, key, overriddenAt: now },
    auditEvent: {
      eventId: deterministicUuid(['cds-override', card.uuid, user.userId, now]),
      deviceId: asDeviceId(user.deviceId),
      userId: asUserId(user.userId),
      action: 'cds-override',
      patientId: asPatientId(patientId),
      resourceType: resourceType ?? null,
      resourceId: resourceId === undefined || resourceId === '' ? null : resourceId,
      outcome: 'success',
      reason: text.slice(0, 1000),
      detail: {
        cardUuid: card.uuid,
        indicator: card.indicator,
        rule: card.extension['lantern.rule'],
        kbEntry: card.extension['lantern.kbEntry'],
        kbVersion: card.extension['lantern.kbVersion'],
        suppressionKey: key,
        overrideCode: offered.code,
      },
      recordedAt: now,
    },
  });
}
