/**
 * A clinician's acknowledgement of a result, kept as a Provenance (http://hl7.org/fhir/R4/provenance.html):
 * target = the DiagnosticReport, agent = the acknowledging practitioner with type `verifier`
 * (http://terminology.hl7.org/CodeSystem/provenance-participant-type), `recorded` = when. Provenance
 * is the record FHIR keeps for "who did what to which resource, when", it is append-only in the
 * access policy (create and read, never update or delete), and it syncs like any other write, so an
 * acknowledgement made offline reaches the server with its author and time intact. A result stays in
 * the chart after it is acknowledged; it only leaves the inbox.
 *
 * The target is version-specific (`DiagnosticReport/<id>/_history/<version>`, as Provenance.target
 * asks for): a clinician acknowledges the values they saw. When the lab later corrects or amends the
 * report (a new version), that acknowledgement no longer covers it and the result is back in the
 * inbox, marked as changed since it was acknowledged. An acknowledgement without a version (older
 * records) covers every version.
 */
import { z } from 'zod';
import type { Provenance } from '../fhir/types.ts';
import { LanternError } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { err, ok, type Result } from '../result.ts';

/** Lantern's activity code for "result reviewed and acknowledged by a clinician". */
export const RESULT_ACK_ACTIVITY = { system: 'urn:lantern:provenance-activity', code: 'result-acknowledged', display: 'Result acknowledged' } as const;
const VERIFIER = { system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'verifier', display: 'Verifier' } as const;

export const AcknowledgementInputSchema = z.object({
  id: z.string().uuid(),
  patientId: z.string().uuid(),
  reportId: z.string().min(1).max(64),
  /** The report's `meta.versionId` the clinician saw. */
  reportVersion: z.string().regex(/^\d{1,12}$/).optional(),
  practitioner: z.object({ reference: z.string().regex(/^Practitioner\/.+/), display: z.string().min(1) }),
  at: z.string().datetime({ offset: true }),
});
export type AcknowledgementInput = z.input<typeof AcknowledgementInputSchema>;

export function buildAcknowledgement(raw: AcknowledgementInput): Result<Provenance, LanternError> {
  const parsed = AcknowledgementInputSchema.safeParse(raw);
  if (!parsed.success) return err(new LanternError('BAD_INPUT', 'The acknowledgement is incomplete', { issues: zodIssuesToFieldIssues('acknowledgement', parsed.error) }));
  const i = parsed.data;
  return ok({
    resourceType: 'Provenance',
    id: i.id,
    target: [{ reference: `DiagnosticReport/${i.reportId}${i.reportVersion === undefined ? '' : `/_history/${i.reportVersion}`}` }],
    recorded: i.at,
    activity: { coding: [{ ...RESULT_ACK_ACTIVITY }], text: RESULT_ACK_ACTIVITY.display },
    agent: [{ type: { coding: [{ ...VERIFIER }] }, who: { reference: i.practitioner.reference, display: i.practitioner.display } }],
  });
}

export function isAcknowledgement(p: Pick<Provenance, 'activity'>): boolean {
  return p.activity?.coding?.some((c) => c.system === RESULT_ACK_ACTIVITY.system && c.code === RESULT_ACK_ACTIVITY.code) === true;
}

/** Who acknowledged which report (which version of it, when known), when. */
export interface Acknowledged {
  reportId: string;
  /** The report version acknowledged; null for an acknowledgement that named no version. */
  version: string | null;
  by: string;
  at: string;
}

const TARGET = /^DiagnosticReport\/([^/]+)(?:\/_history\/(\d+))?$/;

/** Every acknowledgement of each report, oldest first. */
export function acknowledgedReports(provenances: readonly Provenance[]): Map<string, Acknowledged[]> {
  const out = new Map<string, Acknowledged[]>();
  const acks = provenances.filter(isAcknowledgement).sort((a, b) => a.recorded.localeCompare(b.recorded));
  for (const p of acks) {
    for (const t of p.target) {
      const m = TARGET.exec(t.reference ?? '');
      if (m === null) continue;
      const reportId = m[1] ?? '';
      const list = out.get(reportId) ?? [];
      list.push({ reportId, version: m[2] ?? null, by: p.agent[0]?.who.display ?? p.agent[0]?.who.reference ?? 'Unknown clinician', at: p.recorded });
      out.set(reportId, list);
    }
  }
  return out;
}

/** What the acknowledgements say about a report at `currentVersion`. */
export interface AcknowledgementState {
  /** The first acknowledgement that covers the current version, or null: the result still needs review. */
  current: Acknowledged | null;
  /** When not covered: the latest acknowledgement of an earlier version (the report changed since). */
  superseded: Acknowledged | null;
}

export function acknowledgementState(acks: readonly Acknowledged[] | undefined, currentVersion: string | null | undefined): AcknowledgementState {
  const list = acks ?? [];
  const covers = (a: Acknowledged): boolean => a.version === null || currentVersion === null || currentVersion === undefined || Number(a.version) >= Number(currentVersion);
  const current = list.find(covers) ?? null;
  return { current, superseded: current === null ? (list.at(-1) ?? null) : null };
}
