/**
 * A clinician's acknowledgement of a result, kept as a Provenance (http://hl7.org/fhir/R4/provenance.html):
 * target = the DiagnosticReport, agent = the acknowledging practitioner with type `verifier`
 * (http://terminology.hl7.org/CodeSystem/provenance-participant-type), `recorded` = when. Provenance
 * is the record FHIR keeps for "who did what to which resource, when", it is append-only in the
 * access policy (create and read, never update or delete), and it syncs like any other write, so an
 * acknowledgement made offline reaches the server with its author and time intact. A result stays in
 * the chart after it is acknowledged; it only leaves the inbox.
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
    target: [{ reference: `DiagnosticReport/${i.reportId}` }],
    recorded: i.at,
    activity: { coding: [{ ...RESULT_ACK_ACTIVITY }], text: RESULT_ACK_ACTIVITY.display },
    agent: [{ type: { coding: [{ ...VERIFIER }] }, who: { reference: i.practitioner.reference, display: i.practitioner.display } }],
  });
}

export function isAcknowledgement(p: Pick<Provenance, 'activity'>): boolean {
  return p.activity?.coding?.some((c) => c.system === RESULT_ACK_ACTIVITY.system && c.code === RESULT_ACK_ACTIVITY.code) === true;
}

/** Who acknowledged which report, when (the first acknowledgement of each report counts). */
export interface Acknowledged {
  reportId: string;
  by: string;
  at: string;
}

export function acknowledgedReports(provenances: readonly Provenance[]): Map<string, Acknowledged> {
  const out = new Map<string, Acknowledged>();
  const acks = provenances.filter(isAcknowledgement).sort((a, b) => a.recorded.localeCompare(b.recorded));
  for (const p of acks) {
    for (const t of p.target) {
      const ref = t.reference ?? '';
      if (!ref.startsWith('DiagnosticReport/')) continue;
      const reportId = ref.slice('DiagnosticReport/'.length);
      if (out.has(reportId)) continue;
      out.set(reportId, { reportId, by: p.agent[0]?.who.display ?? p.agent[0]?.who.reference ?? 'Unknown clinician', at: p.recorded });
    }
  }
  return out;
}
