/** The access report as CSV (RFC 4180): one row per access, with the report's query in a header block. */
import type { AccessRow } from '../reports/access-rows.ts';

export const CSV_COLUMNS = ['device_time', 'received_at', 'user', 'role', 'device', 'action', 'resource_type', 'purpose', 'reason', 'outcome', 'break_glass', 'origin', 'patient_id', 'audit_seq'] as const;

/** Quotes a field when it holds a comma, quote or line break; a leading = + - @ is neutralised (spreadsheet formula injection). */
export function csvField(v: string | number | boolean | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function accessCsv(rows: readonly AccessRow[], header: readonly [string, string][]): string {
  const lines = header.map(([k, v]) => `# ${k}: ${v.replace(/[\r\n]+/g, ' ')}`);
  lines.push(CSV_COLUMNS.join(','));
  for (const r of rows) {
    lines.push([r.deviceTime, r.receivedAt, r.username ?? r.userId, r.role, r.deviceId, r.action, r.resourceType, r.purpose, r.reason, r.outcome, r.breakGlass, r.origin, r.patientId, r.seq].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
