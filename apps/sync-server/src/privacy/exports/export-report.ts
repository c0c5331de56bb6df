/**
 * Exports an access report (patient or user) as CSV or a printable PDF, stamped with the officer's
 * name, the query and the audit chain status at the time of the report. Audited as `export`.
 */
import type { Actor } from '../../db/audit-log.ts';
import { findUserById } from '../../db/users.ts';
import type { Services } from '../../services.ts';
import { auditRead } from '../audited.ts';
import { accessRows, type AccessQuery } from '../reports/access-rows.ts';
import { auditIntegrity } from '../reports/integrity.ts';
import { patientLabels } from '../reports/patient-labels.ts';
import { accessCsv } from './access-csv.ts';
import { accessPdf } from './access-pdf.ts';

export type ExportInput = AccessQuery & { subject: { kind: 'patient'; patientId: string } | { kind: 'user'; userId: string }; format: 'csv' | 'pdf' };

export async function exportAccessReport(s: Services, actor: Actor, input: ExportInput): Promise<{ filename: string; mimeType: string; base64: string; rows: number }> {
  const subject = input.subject.kind === 'patient' ? { patientId: input.subject.patientId } : { userId: input.subject.userId };
  const rows = await accessRows(s.pool, subject, input);
  const officer = (await findUserById(s.pool, actor.userId))?.username ?? actor.userId;
  const integrity = await auditIntegrity(s.pool, s.config);
  const chain = integrity.chain.ok ? `verified: ${integrity.chain.count} events intact, ${integrity.chain.checkpoints} signed checkpoints match` : `BROKEN at seq ${integrity.chain.seq} (${integrity.chain.reason})`;
  let who: string;
  if (input.subject.kind === 'patient') {
    const l = (await patientLabels(s.pool, [input.subject.patientId])).get(input.subject.patientId);
    who = l === undefined ? input.subject.patientId : `${l.name} (MRN ${l.mrn ?? 'none'}, born ${l.birthDate ?? 'unknown'})`;
  } else {
    who = (await findUserById(s.pool, input.subject.userId))?.username ?? input.subject.userId;
  }
  const generatedAt = s.clock.now().toISOString();
  const query: [string, string][] = [
    [input.subject.kind === 'patient' ? 'Patient' : 'User', who],
    ['From', input.from], ['To', input.to],
    ['Actions', input.actions?.join(' ') ?? 'all'], ['Outcome', input.outcome ?? 'all'], ['Break-glass only', input.breakGlassOnly ? 'yes' : 'no'], ['Sort', input.sort],
  ];
  const title = input.subject.kind === 'patient' ? 'Patient access report' : 'User activity report';
  const stamp = generatedAt.slice(0, 10);
  const base = `${input.subject.kind === 'patient' ? 'patient-access' : 'user-activity'}-${stamp}`;
  const out = input.format === 'csv'
    ? { filename: `${base}.csv`, mimeType: 'text/csv', base64: Buffer.from(accessCsv(rows, [['Report', title], ['Prepared by', officer], ['Generated', generatedAt], ...query, ['Audit chain', chain]]), 'utf8').toString('base64') }
    : { filename: `${base}.pdf`, mimeType: 'application/pdf', base64: (await accessPdf(rows, { title, officer, generatedAt, query, chainStatus: chain })).toString('base64') };
  await auditRead(s, actor, {
    action: 'export', outcome: 'success', resourceType: 'AuditEvent', patientId: input.subject.kind === 'patient' ? input.subject.patientId : null,
    detail: { via: 'privacy.exportAccess', format: input.format, count: rows.length, ...(input.subject.kind === 'user' ? { subjectUserId: input.subject.userId } : {}) },
  });
  return { ...out, rows: rows.length };
}
