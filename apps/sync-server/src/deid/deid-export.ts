/**
 * The de-identified research export: every patient's clinical record (the types below), through
 * the Safe Harbor transform (safe-harbor.ts), as NDJSON files, one per type, like a FHIR Bulk Data
 * export, plus a manifest that states the method applied. One pseudonym key per export, made here
 * and dropped when the export ends. Streams in keyset pages, so memory stays bounded for any size.
 * Audited as an export: who, when, how many patients and resources, which method.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { SHARED_PARTITION } from '../db/resources.ts';
import { newPseudonymizer } from './pseudonym.ts';
import { deidentify, SAFE_HARBOR_METHOD } from './safe-harbor.ts';

/**
 * Clinical content research uses. Not exported: Provenance (signatures), Composition and
 * DocumentReference bodies are free text (dropped anyway), billing types (account and plan numbers).
 */
export const DEID_TYPES = ['Patient', 'Encounter', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'MedicationStatement', 'Observation', 'DiagnosticReport', 'ServiceRequest'] as const;

export interface DeidManifest {
  exportId: string;
  transactionTime: string;
  method: typeof SAFE_HARBOR_METHOD;
  /** How each identifier kind was treated, for the data-use agreement and the IRB. */
  treatment: { freeText: 'dropped'; dates: 'year only; ages over 89 as 90 or older'; geography: 'state and 3-digit ZIP (restricted zones as 000)'; ids: 'HMAC-SHA256 pseudonyms with a per-export key that is not kept' };
  patients: number;
  output: { type: string; file: string; count: number }[];
}

const PAGE = 1000;
const Row = z.object({ patient_id: z.string(), id: z.string(), resource: z.record(z.string(), z.unknown()) });

export function exportDir(dataDir: string, exportId: string): string {
  return join(dataDir, 'deid-exports', exportId);
}

export async function runDeidExport(pool: pg.Pool, actor: Actor, opts: { dataDir: string; now: Date }): Promise<DeidManifest> {
  const exportId = randomUUID();
  const dir = exportDir(opts.dataDir, exportId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ctx = { pseudo: newPseudonymizer(), asOf: opts.now };
  const patients = new Set<string>();
  const output: DeidManifest['output'] = [];
  for (const type of DEID_TYPES) {
    const file = `${type}.ndjson`;
    const out = createWriteStream(join(dir, file), { mode: 0o600 });
    let count = 0;
    let after: [string, string] = [SHARED_PARTITION, ''];
    for (;;) {
      const rows = z.array(Row).parse((await pool.query(
        `SELECT patient_id::text, id, resource FROM resources WHERE resource_type = $1 AND NOT deleted AND patient_id <> $4::uuid
           AND (patient_id, id) > ($2::uuid, $3) ORDER BY patient_id, id LIMIT ${PAGE}`,
        [type, after[0], after[1], SHARED_PARTITION],
      )).rows);
      for (const r of rows) {
        patients.add(r.patient_id);
        if (!out.write(`${JSON.stringify(deidentify(r.resource, ctx))}\n`)) await once(out, 'drain');
        count++;
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE) break;
      after = [last.patient_id, last.id];
    }
    out.end();
    await once(out, 'finish');
    output.push({ type, file, count });
  }
  const manifest: DeidManifest = {
    exportId, transactionTime: opts.now.toISOString(), method: SAFE_HARBOR_METHOD,
    treatment: { freeText: 'dropped', dates: 'year only; ages over 89 as 90 or older', geography: 'state and 3-digit ZIP (restricted zones as 000)', ids: 'HMAC-SHA256 pseudonyms with a per-export key that is not kept' },
    patients: patients.size, output,
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  await withTx(pool, (c) => appendAuditEvents(c, [serverEvent(actor, {
    action: 'export', outcome: 'success', purposeOfUse: 'HRESCH',
    detail: { via: 'deid', exportId, method: SAFE_HARBOR_METHOD, patients: patients.size, resources: output.reduce((n, o) => n + o.count, 0) },
  }, opts.now)]));
  return manifest;
}
