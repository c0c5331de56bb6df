/**
 * The results screens' data: the ordering clinician's inbox (across their patients) and one
 * patient's orders with their result status and reports. Access is decided per patient with the
 * core policy (a patient the user may not read results for is left out, as are its counts).
 */
import type { DiagnosticReport, Role, ServiceRequest } from '@lantern/core';
import {
  basedOnOrderIds, belongsInInbox, inboxCounts, orderResultStatus, reportView, sortInbox,
  type InboxCounts, type InboxItem, type OrderResultStatus, type ResultReportView,
} from '@lantern/core/results';
import { canRead, relationTo } from '../chart/chart-access.ts';
import type { StoreDb } from '../store/store-db.ts';
import { acknowledgements, byIds, observationsOf, ordersOf, patientLabels, reportsOf } from './results-queries.ts';

export interface ResultsReader {
  db: StoreDb;
  user: { userId: string; role: Role };
  scope: { careTeam: string[]; unit: string[] } | null;
}

export interface OrderWithResults {
  orderId: string;
  title: string;
  kind: 'lab' | 'imaging' | 'other';
  authoredOn: string | null;
  priority: string | null;
  orderedBy: string | null;
  status: OrderResultStatus;
  reportIds: string[];
}

export interface PatientResults {
  orders: OrderWithResults[];
  reports: ResultReportView[];
}

/** The Practitioner reference the workstation writes as an order's requester for this user. */
export const practitionerRefOf = (userId: string): string => `Practitioner/${userId}`;

const mayRead = (r: ResultsReader, patientId: string): boolean => canRead(r.user.role, 'DiagnosticReport', relationTo(r.scope, patientId));

function kindOf(o: ServiceRequest): OrderWithResults['kind'] {
  const codes = o.category?.flatMap((c) => c.coding?.map((x) => x.code) ?? []) ?? [];
  return codes.includes('108252007') ? 'lab' : codes.includes('363679005') ? 'imaging' : 'other';
}

function views(r: ResultsReader, items: readonly { patientId: string; report: DiagnosticReport }[], patientId: string | null): ResultReportView[] {
  const orders = byIds<ServiceRequest>(r.db, 'ServiceRequest', items.flatMap((i) => basedOnOrderIds(i.report)));
  const obs = observationsOf(r.db, items.map((i) => i.report));
  const acks = acknowledgements(r.db, patientId);
  return items
    .map((i) => reportView(i.report, i.patientId, obs, orders.get(basedOnOrderIds(i.report)[0] ?? ''), acks.get(i.report.id ?? '')))
    .filter((v): v is ResultReportView => v !== null);
}

/** My inbox: resulted, unacknowledged reports of orders I placed, for patients I may read. */
export function inbox(r: ResultsReader): { items: InboxItem[]; counts: InboxCounts } {
  const mine = practitionerRefOf(r.user.userId);
  const readable = reportsOf(r.db, null).filter((i) => mayRead(r, i.patientId));
  const open = views(r, readable, null).filter((v) => belongsInInbox(v, mine));
  const labels = patientLabels(r.db, open.map((v) => v.patientId));
  const items = sortInbox(open.map((v) => ({ ...v, patientName: labels.get(v.patientId)?.name ?? 'Unknown patient', mrn: labels.get(v.patientId)?.mrn ?? '' })));
  return { items, counts: inboxCounts(items) };
}

/** One patient's orders (with ordered / in progress / resulted) and every report, acknowledged or not. */
export function patientResults(r: ResultsReader, patientId: string): PatientResults {
  const reports = views(r, reportsOf(r.db, patientId), patientId);
  const byOrder = new Map<string, ResultReportView[]>();
  for (const v of reports) if (v.orderId !== null) byOrder.set(v.orderId, [...(byOrder.get(v.orderId) ?? []), v]);
  const all = reportsOf(r.db, patientId);
  const orders = ordersOf(r.db, patientId).map((o): OrderWithResults => {
    const id = o.id ?? '';
    const raw = all.filter((x) => basedOnOrderIds(x.report).includes(id)).map((x) => x.report);
    return {
      orderId: id,
      title: o.code?.text ?? o.code?.coding?.[0]?.display ?? 'Order',
      kind: kindOf(o),
      authoredOn: o.authoredOn ?? null,
      priority: o.priority ?? null,
      orderedBy: o.requester?.display ?? null,
      status: orderResultStatus(o, raw),
      reportIds: (byOrder.get(id) ?? []).map((v) => v.reportId),
    };
  });
  return { orders, reports };
}
