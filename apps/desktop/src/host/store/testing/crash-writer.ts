/**
 * Child process for the crash-safety test: writes clinical edits one transaction at a time and
 * prints `ack <resourceId>` after each commit returns, which is the moment a clinician would be
 * told "saved". The test SIGKILLs this process at random moments.
 *
 * usage: crash-writer <db> <keyFile> <patientId> <runTag>
 */
import { keyFileProvider } from '../key/key-file.ts';
import { openStore } from '../open-store.ts';
import type { Mutation } from '@lantern/core';

const [db, keyFile, patientId, runTag] = process.argv.slice(2);
if (db === undefined || keyFile === undefined || patientId === undefined || runTag === undefined) {
  process.stderr.write('usage: crash-writer <db> <keyFile> <patientId> <runTag>\n');
  process.exit(2);
}
const tag = Number(runTag);

const opened = await openStore({ path: db, keyProvider: keyFileProvider({ path: keyFile }) });
if (!opened.ok) {
  process.stderr.write(`${opened.error.code}\n`);
  process.exit(1);
}
const store = opened.value;
process.stdout.write('ready\n');
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
for (let i = 0; ; i++) {
  const id = `${hex(tag, 8)}-0000-4000-8000-${hex(i, 12)}`;
  const resource = {
    resourceType: 'Observation', id, status: 'final', subject: { reference: `Patient/${patientId}` },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    effectiveDateTime: '2025-06-01T12:00:00Z', valueQuantity: { value: 60 + (i % 40), unit: '/min' },
    note: [{ text: 'x'.repeat(i % 3 === 0 ? 3000 : 10) }],
  };
  const mutation = {
    mutationId: `${hex(tag, 8)}-1111-4000-8000-${hex(i, 12)}`, deviceId: 'crash-test', userId: 'u-1', resourceType: 'Observation',
    resourceId: id, patientId, op: 'create', baseVersion: null, resource, createdAt: '2025-06-01T12:00:00Z',
  } as unknown as Mutation;
  const r = store.applyLocalMutation(mutation);
  if (!r.ok) {
    process.stderr.write(`${r.error.code}\n`);
    process.exit(1);
  }
  process.stdout.write(`ack ${id}\n`);
}
