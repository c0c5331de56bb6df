/**
 * The trust boundary of audit ingest: each event of a batch against core's ChainedAuditEventSchema.
 * A workstation catching up sends thousands of events a request, and the generic object parse cost
 * about a sixth of the server's CPU per event. Events shaped exactly as a workstation writes them
 * (the schema's keys and no other, plain JSON values) are checked here field by field with the
 * schema's own rules and passed on as they are; anything else, and every failure, goes through the
 * full schema parse, which strips unknown keys and reports the issues as before
 * (audit-ingest-event.test.ts holds the two to the same answers).
 */
import { AUDIT_ACTIONS, ChainedAuditEventSchema, type ChainedAuditEvent } from '@lantern/core';
import { z } from 'zod';

/** zod's own pattern for `z.string().uuid()` (what the schema checks eventId and patientId with). */
const UUID = z.regexes.uuid();
const HEX64 = /^[0-9a-f]{64}$/;
const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const OUTCOMES: ReadonlySet<string> = new Set(['success', 'denied', 'failure']);
const KEYS: ReadonlySet<string> = new Set(Object.keys(ChainedAuditEventSchema.shape));
/** The schema's recordedAt (a FHIR instant): its regex is core's, so it is asked, once per distinct text. */
const instant = ChainedAuditEventSchema.shape.recordedAt;
let lastInstant = '';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const text = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const nullableText = (v: unknown, max: number): boolean => v === null || (typeof v === 'string' && v.length <= max);

/** `detail`: a record of string, finite number, boolean or null (a `__proto__` key is left to the schema). */
function plainDetail(d: unknown): boolean {
  if (!isRecord(d) || Object.hasOwn(d, '__proto__')) return false;
  for (const k in d) {
    const v = d[k];
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

/**
 * Whether `v` is an event the schema accepts unchanged (its own keys only, each valid). False: ask
 * the schema. `checkedHex`: a hash already checked (the previous event's), which a chained event's
 * prevHash usually repeats.
 */
export function isPlainChainedEvent(v: unknown, checkedHex = ''): v is ChainedAuditEvent {
  if (!isRecord(v)) return false;
  let n = 0;
  for (const k in v) {
    if (!KEYS.has(k)) return false;
    n++;
  }
  if (n !== KEYS.size) return false;
  const e = v as Record<keyof ChainedAuditEvent, unknown>;
  if (!(typeof e.eventId === 'string' && UUID.test(e.eventId))) return false;
  if (!text(e.deviceId, 1, 128) || !text(e.userId, 1, 128)) return false;
  if (typeof e.action !== 'string' || !ACTIONS.has(e.action) || typeof e.outcome !== 'string' || !OUTCOMES.has(e.outcome)) return false;
  if (!(e.patientId === null || (typeof e.patientId === 'string' && UUID.test(e.patientId)))) return false;
  if (!nullableText(e.resourceType, 64) || !nullableText(e.resourceId, 64) || !nullableText(e.reason, 1000)) return false;
  if (!(typeof e.seq === 'number' && Number.isSafeInteger(e.seq) && e.seq > 0)) return false;
  if (!(typeof e.prevHash === 'string' && ((e.prevHash === checkedHex && checkedHex !== '') || HEX64.test(e.prevHash)))) return false;
  if (!(typeof e.hash === 'string' && HEX64.test(e.hash))) return false;
  if (typeof e.recordedAt !== 'string') return false;
  if (e.recordedAt !== lastInstant) {
    if (!instant.safeParse(e.recordedAt).success) return false;
    lastInstant = e.recordedAt;
  }
  return plainDetail(e.detail);
}

/**
 * A batch's events: ChainedAuditEventSchema's answer for each, by the check above where it can
 * give it. One pass over the array, not a schema per element (on 5,000 events that machinery cost
 * as much as the checks). The schema's issues keep their paths (`events.<i>.<field>`), so a
 * refused batch reads as before.
 */
export const ingestEventsSchema = (max: number, maxMessage: string) =>
  z.array(z.custom<z.input<typeof ChainedAuditEventSchema>>(() => true)).min(1).max(max, maxMessage).transform((events, ctx): ChainedAuditEvent[] => {
    const out: ChainedAuditEvent[] = new Array<ChainedAuditEvent>(events.length);
    let failed = false;
    let checkedHex = '';
    events.forEach((v: unknown, i) => {
      if (isPlainChainedEvent(v, checkedHex)) {
        out[i] = v;
        checkedHex = v.hash;
        return;
      }
      const parsed = ChainedAuditEventSchema.safeParse(v);
      if (parsed.success) out[i] = parsed.data;
      else {
        failed = true;
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: [i, ...issue.path], message: issue.message });
      }
    });
    return failed ? z.NEVER : out;
  });
