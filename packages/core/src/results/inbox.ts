/**
 * The ordering clinician's results inbox: every resulted report of an order they placed that nobody
 * has acknowledged yet, newest first, critical results marked and counted apart. Acknowledged results
 * leave the inbox but stay in the chart (with who acknowledged them, and when).
 */
import type { ResultReportView } from './report-view.ts';

export interface InboxItem extends ResultReportView {
  patientName: string;
  mrn: string;
}

export interface InboxCounts {
  /** Results waiting for acknowledgement: the number in the top bar. */
  unacknowledged: number;
  critical: number;
  abnormal: number;
}

/** Is this report for this clinician's inbox? Resulted, ordered by them, not yet acknowledged. */
export function belongsInInbox(r: ResultReportView, practitionerRef: string): boolean {
  return r.stage === 'resulted' && r.acknowledged === null && r.orderedByRef === practitionerRef;
}

/** Newest first (by issue time); ties: critical, then abnormal, first. */
export function sortInbox<T extends ResultReportView>(items: readonly T[]): T[] {
  const rank = { critical: 0, abnormal: 1, normal: 2, unknown: 3 } as const;
  return [...items].sort((a, b) => b.issued.localeCompare(a.issued) || rank[a.grade] - rank[b.grade] || a.reportId.localeCompare(b.reportId));
}

export function inboxCounts(items: readonly ResultReportView[]): InboxCounts {
  const open = items.filter((i) => i.acknowledged === null);
  return {
    unacknowledged: open.length,
    critical: open.filter((i) => i.grade === 'critical').length,
    abnormal: open.filter((i) => i.grade === 'abnormal').length,
  };
}
