/**
 * Builds a draft lab or imaging order as a ServiceRequest (http://hl7.org/fhir/R4/servicerequest.html),
 * LOINC-coded from the catalog, categorised (SNOMED CT 108252007 laboratory procedure, 363679005
 * imaging), with a priority (routine | urgent | asap | stat).
 */
import { z } from 'zod';
import type { Practitioner, Reference, ServiceRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { LanternError } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { err, ok, type Result } from '../result.ts';
import { serviceByLoinc, type ServiceKind } from './service-catalog.ts';

const CATEGORY: Record<ServiceKind, { code: string; display: string }> = {
  lab: { code: '108252007', display: 'Laboratory procedure' },
  imaging: { code: '363679005', display: 'Imaging' },
  procedure: { code: '71388002', display: 'Procedure' },
};

export const ServiceOrderInputSchema = z.object({
  id: z.string().uuid(),
  patientId: z.string().uuid(),
  requester: z.object({ reference: z.string().regex(/^Practitioner\/.+/), display: z.string().min(1) }),
  loinc: z.string().refine((c) => serviceByLoinc(c) !== undefined, 'must be a test or study from the catalog'),
  priority: z.enum(['routine', 'urgent', 'asap', 'stat']).default('routine'),
  authoredOn: z.string().min(10),
  reason: z.string().max(300).optional(),
  encounterId: z.string().uuid().optional(),
});
export type ServiceOrderInput = z.input<typeof ServiceOrderInputSchema>;

export function buildServiceOrder(raw: ServiceOrderInput): Result<ServiceRequest, LanternError> {
  const parsed = ServiceOrderInputSchema.safeParse(raw);
  if (!parsed.success) return err(new LanternError('BAD_INPUT', 'The order is incomplete or invalid', { issues: zodIssuesToFieldIssues('order', parsed.error) }));
  const i = parsed.data;
  const entry = serviceByLoinc(i.loinc);
  if (entry === undefined) return err(new LanternError('BAD_INPUT', 'Unknown test', { issues: [{ path: 'order.loinc', message: 'not in the catalog' }] }));
  const requester: Reference<Practitioner> = { reference: i.requester.reference, display: i.requester.display };
  return ok({
    resourceType: 'ServiceRequest',
    id: i.id,
    status: 'draft',
    intent: 'order',
    priority: i.priority,
    category: [{ coding: [{ system: SYSTEM.snomed, ...CATEGORY[entry.kind] }] }],
    code: { coding: [{ system: SYSTEM.loinc, code: entry.loinc, display: entry.name }], text: entry.name },
    subject: { reference: `Patient/${i.patientId}` },
    authoredOn: i.authoredOn,
    requester,
    ...(i.reason === undefined ? {} : { reasonCode: [{ text: i.reason }] }),
    ...(i.encounterId === undefined ? {} : { encounter: { reference: `Encounter/${i.encounterId}` } }),
  });
}
