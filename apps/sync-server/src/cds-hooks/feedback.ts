/**
 * `POST /cds-services/{id}/feedback` (https://cds-hooks.hl7.org/2.0/#feedback): what the clinician
 * did with each card. `overridden` needs an `overrideReason.reason` from the card's own
 * `overrideReasons` (https://cds-hooks.hl7.org/2.0/#overridereason); it becomes a `cds-override`
 * audit event carrying the reason and a suppression, so the same warning/info card is not shown to
 * the same clinician for the same patient and pair within the window (critical cards never hide).
 * `accepted` is recorded with the suggestions taken. A clinician can only give feedback on cards
 * the service showed them. All of a call is stored in one transaction, or none of it.
 */
import { randomUUID } from 'node:crypto';
import { LanternError, type AuditEventInput, type FieldIssue } from '@lantern/core';
import { recordOverride, type Suppression } from '@lantern/core/cds';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAuditEvents } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { authenticate, requireLive, type Caller } from './caller.ts';
import type { CdsDeps } from './deps.ts';
import { CdsHttpError } from './errors.ts';
import { findIssuedCards, type IssuedCard } from './issued-cards.ts';
import { cdsEvent, requireCdsRole } from './policy.ts';
import { requireService } from './service.ts';
import { storeSuppressions } from './suppressions.ts';

const FeedbackItem = z.looseObject({
  card: z.string().min(1).max(64),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.looseObject({ id: z.string().min(1).max(64) })).max(50).optional(),
  overrideReason: z.looseObject({
    reason: z.looseObject({ code: z.string().min(1).max(64), system: z.string().max(256).optional(), display: z.string().max(256).optional() }).optional(),
    userComment: z.string().max(1000).optional(),
  }).optional(),
  outcomeTimestamp: z.iso.datetime({ offset: true }),
});
export const FeedbackRequestSchema = z.object({ feedback: z.array(FeedbackItem).min(1).max(100) });
type Item = z.infer<typeof FeedbackItem>;

interface FeedbackRow {
  id: string; patient_id: string; user_id: string; device_id: string; service_id: string; card_uuid: string;
  outcome: Item['outcome']; override_code: string | null; override_comment: string | null;
  accepted_suggestions: string[]; outcome_at: string; recorded_at: string;
}

const bad = (message: string, issues: FieldIssue[]): CdsHttpError => new CdsHttpError(new LanternError('BAD_INPUT', message, { issues }));

function parse(body: unknown): Item[] {
  const r = FeedbackRequestSchema.safeParse(body);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw bad(`Invalid CDS Hooks feedback: ${issues[0]?.path ?? ''}: ${issues[0]?.message ?? ''}`, issues);
  }
  const seen = new Set<string>();
  r.data.feedback.forEach((f, i) => {
    if (seen.has(f.card)) throw bad(`feedback[${i}].card: the same card appears twice`, [{ path: `feedback.${i}.card`, message: 'duplicate card' }]);
    seen.add(f.card);
  });
  return r.data.feedback;
}

/** Checks one item against the card it names; returns its row, audit event and suppression. */
function record(caller: Caller, serviceId: string, f: Item, i: number, issued: IssuedCard, now: Date): { row: FeedbackRow; event: AuditEventInput; suppression: Suppression | null } {
  const { card, patientId } = issued;
  const base: FeedbackRow = {
    id: randomUUID(), patient_id: patientId, user_id: caller.claims.userId, device_id: caller.claims.deviceId, service_id: serviceId,
    card_uuid: card.uuid, outcome: f.outcome, override_code: null, override_comment: null, accepted_suggestions: [],
    outcome_at: f.outcomeTimestamp, recorded_at: now.toISOString(),
  };
  const meta = { cardUuid: card.uuid, indicator: card.indicator, rule: card.extension['lantern.rule'], kbEntry: card.extension['lantern.kbEntry'], service: serviceId };
  if (f.outcome === 'accepted') {
    const offered = new Set(card.suggestions.map((s) => s.uuid));
    const accepted = (f.acceptedSuggestions ?? []).map((s) => s.id);
    const unknown = accepted.findIndex((id) => !offered.has(id));
    if (unknown >= 0) throw bad(`feedback[${i}].acceptedSuggestions[${unknown}].id: not a suggestion of this card`, [{ path: `feedback.${i}.acceptedSuggestions.${unknown}.id`, message: 'not a suggestion of this card' }]);
    return {
      row: { ...base, accepted_suggestions: accepted },
      // The feedback record itself is created: ids and codes only.
      event: cdsEvent(caller, { action: 'resource-create', outcome: 'success', patientId, detail: { ...meta, record: 'cds-feedback', feedback: 'accepted', acceptedSuggestions: accepted.length } }, now),
      suppression: null,
    };
  }
  const reason = f.overrideReason?.reason;
  const offered = card.overrideReasons.map((r) => r.code).join(', ');
  if (reason === undefined) {
    throw bad(`feedback[${i}].overrideReason.reason: an override needs a reason, one of ${offered}`, [{ path: `feedback.${i}.overrideReason.reason`, message: `required, one of ${offered}` }]);
  }
  const match = card.overrideReasons.find((r) => r.code === reason.code);
  if (match !== undefined && reason.system !== undefined && reason.system !== match.system) {
    throw bad(`feedback[${i}].overrideReason.reason.system: must be ${match.system}`, [{ path: `feedback.${i}.overrideReason.reason.system`, message: `must be ${match.system}` }]);
  }
  const comment = f.overrideReason?.userComment;
  const o = recordOverride(card, { code: reason.code, ...(comment === undefined ? {} : { comment }) }, { userId: caller.claims.userId, deviceId: caller.claims.deviceId }, patientId, now.toISOString());
  if (!o.ok) {
    throw bad(`feedback[${i}].overrideReason.reason.code: ${o.error.issues[0]?.message ?? o.error.message}`, [{ path: `feedback.${i}.overrideReason.reason.code`, message: o.error.issues[0]?.message ?? o.error.message }]);
  }
  // The engine's event, with the server's usual who/where fields and the channel.
  const server = cdsEvent(caller, { action: 'cds-override', outcome: 'success' }, now);
  return {
    row: { ...base, override_code: reason.code, override_comment: comment ?? null },
    event: { ...o.value.auditEvent, detail: { ...server.detail, ...o.value.auditEvent.detail, service: serviceId } },
    suppression: o.value.suppression,
  };
}

export async function giveFeedback(deps: CdsDeps, serviceId: string, req: FastifyRequest): Promise<{ recorded: number }> {
  const { services } = deps;
  requireService(serviceId);
  const caller = await authenticate(deps.tokens, req);
  const items = parse(req.body);
  const now = services.clock.now();
  requireCdsRole(caller, null, now);
  const [issued] = await Promise.all([findIssuedCards(services.pool, caller.claims.userId, items.map((f) => f.card)), requireLive(services.pool, caller)]);
  const out = items.map((f, i) => {
    const card = issued.get(f.card);
    if (card === undefined) throw bad(`feedback[${i}].card: no card with this uuid was shown to you`, [{ path: `feedback.${i}.card`, message: 'unknown card' }]);
    return record(caller, serviceId, f, i, card, now);
  });
  await withTx(services.pool, async (c) => {
    await c.query(
      `INSERT INTO cds_feedback (id, patient_id, user_id, device_id, service_id, card_uuid, outcome, override_code, override_comment, accepted_suggestions, outcome_at, recorded_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, patient_id uuid, user_id uuid, device_id text, service_id text, card_uuid text, outcome text,
         override_code text, override_comment text, accepted_suggestions text[], outcome_at timestamptz, recorded_at timestamptz)`,
      [JSON.stringify(out.map((o) => o.row))],
    );
    await storeSuppressions(c, out.flatMap((o) => (o.suppression === null ? [] : [o.suppression])));
    // Last, so the audit chain's lock is held as briefly as possible.
    await appendAuditEvents(c, out.map((o) => o.event));
  });
  return { recorded: out.length };
}
