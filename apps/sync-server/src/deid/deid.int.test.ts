/**
 * The de-identified research export over the demo's synthetic population, against a real embedded
 * Postgres: none of the Safe Harbor identifier kinds survives (a scan of the output for every
 * patient's names, MRNs, phone numbers, addresses and full dates), pseudonyms link one person's
 * records within an export and differ across exports, the manifest states the method, the export
 * is audited, and roles without the research-export capability are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

type Json = Record<string, unknown>;
interface Manifest { exportId: string; method: string; patients: number; output: { type: string; file: string; count: number }[] }

let pg: TestPostgres;
let server: TestServer;
let privacy: Session;
const q = <T>(sql: string, values: unknown[] = []) => server.asOwner(async (c) => (await c.query(sql, values)).rows as T[]);

async function exportAll(): Promise<{ manifest: Manifest; files: Map<string, Json[]>; text: string }> {
  const manifest = await must<Manifest>(server.url, 'deid.export', undefined, privacy.token);
  const files = new Map<string, Json[]>();
  let text = '';
  for (const o of manifest.output) {
    const { ndjson } = await must<{ ndjson: string }>(server.url, 'deid.file', { exportId: manifest.exportId, type: o.type }, privacy.token);
    text += ndjson;
    files.set(o.type, ndjson.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Json));
  }
  return { manifest, files, text };
}

let first: Awaited<ReturnType<typeof exportAll>>;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 40, demoHeavyPatient: false });
  privacy = await login(server.url, 'privacy.dee');
  first = await exportAll();
}, 240_000);

afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('de-identified research export (HIPAA Safe Harbor)', () => {
  it('leaves none of any patient\'s names, MRNs, phone numbers, addresses or full dates in the output', async () => {
    const patients = (await q<{ resource: Json }>("SELECT resource FROM resources WHERE resource_type = 'Patient' AND NOT deleted")).map((r) => r.resource);
    expect(patients.length).toBeGreaterThanOrEqual(40);
    const { text } = first;
    let checked = 0;
    for (const p of patients) {
      const needles: string[] = [];
      for (const n of (p['name'] as { family?: string; given?: string[] }[] | undefined) ?? []) needles.push(...(n.given ?? []), ...(n.family === undefined ? [] : [n.family]));
      for (const i of (p['identifier'] as { value?: string }[] | undefined) ?? []) if (i.value !== undefined) needles.push(i.value);
      for (const t of (p['telecom'] as { value?: string }[] | undefined) ?? []) if (t.value !== undefined) needles.push(t.value, t.value.replace(/\D/g, '').slice(-7));
      for (const a of (p['address'] as { line?: string[]; city?: string; postalCode?: string }[] | undefined) ?? []) needles.push(...(a.line ?? []), ...(a.city === undefined ? [] : [a.city]), ...(a.postalCode === undefined ? [] : [a.postalCode]));
      needles.push(String(p['birthDate']), String(p['id']));
      for (const n of needles) {
        expect(new RegExp(`\\b${escape(n)}\\b`).test(text), `a patient's ${n.length}-character identifier survived`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(patients.length * 6);
    // No full date, month, instant, phone, email, SSN, MRN, URL (outside code systems) or IP anywhere.
    expect(text).not.toMatch(/\d{4}-\d{2}/);
    expect(text).not.toMatch(/\b\d{3}[-.) ]+\d{3}-\d{4}\b|@[a-z0-9-]+\.[a-z]{2,}|\b\d{3}-\d{2}-\d{4}\b|MRN\d|\b\d{1,3}(\.\d{1,3}){3}\b/i);
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const keys = line.match(/"([A-Za-z]+)":/g)?.map((k) => k.slice(1, -2)) ?? [];
      for (const banned of ['name', 'telecom', 'identifier', 'photo', 'contact', 'text', 'note', 'content', 'meta', 'line', 'city']) expect(keys, banned).not.toContain(banned);
    }
  });

  it('keeps the clinical content and links one person\'s records by a pseudonym, never by their id', () => {
    const { files, manifest } = first;
    const patients = new Set((files.get('Patient') ?? []).map((p) => String(p['id'])));
    expect(patients.size).toBe(manifest.patients);
    const obs = files.get('Observation') ?? [];
    expect(obs.length).toBeGreaterThan(100);
    for (const o of obs) {
      const ref = (o['subject'] as { reference?: string } | undefined)?.reference ?? '';
      expect(patients.has(ref.replace('Patient/', '')), 'an observation lost its patient').toBe(true);
    }
    expect(obs.some((o) => typeof (o['code'] as { coding?: unknown[] } | undefined)?.coding?.[0] === 'object')).toBe(true);
    expect((files.get('Patient') ?? []).every((p) => p['birthDate'] === undefined || /^\d{4}$/.test(String(p['birthDate'])))).toBe(true);
    expect(manifest.method).toBe('HIPAA Safe Harbor 164.514(b)(2)');
  });

  it('gives the same people other pseudonyms in the next export, so two exports cannot be joined', async () => {
    const second = await exportAll();
    const a = new Set((first.files.get('Patient') ?? []).map((p) => String(p['id'])));
    const b = (second.files.get('Patient') ?? []).map((p) => String(p['id']));
    expect(b.length).toBe(a.size);
    expect(b.filter((id) => a.has(id))).toEqual([]);
    const audited = await q<{ detail: Json }>("SELECT detail FROM audit.events WHERE action = 'export' AND outcome = 'success' AND detail->>'via' = 'deid' AND user_id = $1", [privacy.userId]);
    expect(audited).toHaveLength(2);
    expect(audited[0]?.detail).toMatchObject({ method: 'HIPAA Safe Harbor 164.514(b)(2)', patients: first.manifest.patients });
  });

  it('refuses a role without the research-export capability, and audits the refusal', async () => {
    for (const username of ['dr.ada', 'admin.eve']) {
      const s = await login(server.url, username);
      const r = await call(server.url, 'deid.export', undefined, s.token);
      expect(r.ok).toBe(false);
      expect(r.status).toBe(403);
      const f = await call(server.url, 'deid.file', { exportId: first.manifest.exportId, type: 'Patient' }, s.token);
      expect(f.status).toBe(403);
      const [row] = await q<{ n: string }>("SELECT count(*) AS n FROM audit.events WHERE action = 'export' AND outcome = 'denied' AND user_id = $1", [s.userId]);
      expect(Number(row?.n)).toBeGreaterThanOrEqual(1);
    }
  });
});
