/**
 * Where a lab or imaging order stands, as the ordering clinician reads it: ordered (signed, nothing
 * back yet), in progress (the performer has it: a DiagnosticReport registered, partial or
 * preliminary), resulted (a final, amended, corrected or appended report). Derived from the
 * ServiceRequest (http://hl7.org/fhir/R4/servicerequest.html) and the DiagnosticReports `basedOn`
 * it (http://hl7.org/fhir/R4/diagnosticreport.html#status), so the order itself is never rewritten
 * by the lab and cannot conflict with the clinician's own edits.
 */
import type { DiagnosticReport, ServiceRequest } from '../fhir/types.ts';
import { assertNever } from '../result.ts';

export type OrderResultStatus = 'draft' | 'ordered' | 'in-progress' | 'resulted' | 'cancelled';

type ReportStatus = DiagnosticReport['status'];

/** A report's contribution: null for one that no longer counts (cancelled, entered in error). */
export function reportStage(status: ReportStatus): 'in-progress' | 'resulted' | null {
  switch (status) {
    case 'registered':
    case 'partial':
    case 'preliminary':
      return 'in-progress';
    case 'final':
    case 'amended':
    case 'corrected':
    case 'appended':
      return 'resulted';
    case 'cancelled':
    case 'entered-in-error':
    case 'unknown':
      return null;
    default:
      return assertNever(status, 'DiagnosticReport status');
  }
}

export function orderResultStatus(order: Pick<ServiceRequest, 'status'>, reports: readonly Pick<DiagnosticReport, 'status'>[]): OrderResultStatus {
  if (order.status === 'draft') return 'draft';
  if (order.status === 'revoked' || order.status === 'entered-in-error') return 'cancelled';
  const stages = reports.map((r) => reportStage(r.status));
  if (stages.includes('resulted')) return 'resulted';
  if (stages.includes('in-progress')) return 'in-progress';
  return 'ordered';
}

export function orderResultStatusLabel(s: OrderResultStatus): string {
  switch (s) {
    case 'draft': return 'Draft';
    case 'ordered': return 'Ordered';
    case 'in-progress': return 'In progress';
    case 'resulted': return 'Resulted';
    case 'cancelled': return 'Cancelled';
    default: return assertNever(s, 'order result status');
  }
}

/** The ServiceRequest ids a report answers (`basedOn`), from literal references. */
export function basedOnOrderIds(report: Pick<DiagnosticReport, 'basedOn'>): string[] {
  return (report.basedOn ?? []).map((r) => r.reference ?? '').filter((r) => r.startsWith('ServiceRequest/')).map((r) => r.slice('ServiceRequest/'.length));
}
