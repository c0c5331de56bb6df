/**
 * The HL7 v2 interface over a real TCP socket against a real embedded Postgres: a batch of ADT and
 * ORU messages (with malformed ones) on one MLLP connection gets the right ACKs, writes the right
 * resources, leaves the bad ones in the error queue, and a result that arrived by v2 is in the
 * ordering physician's next sync pull. The analyst replays and discards from the queue.
 */
import type { Change, PullOutput } from '@lantern/core';
import { ENTERPRISE_MRN_SYSTEM } from '@lantern/core/mpi';
import { Message } from 'node-hl7-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch } from '../fhir/test-support.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { registerInterface } from './interfaces.ts';
import { MllpConnection } from './mllp.ts';

type Json = Record<string, unknown>;
let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let admin: Session;
let conn: MllpConnection;
let patientId: string;
let mrn: string;
let twin: { family: string; given: string; birthDate: string; gender: string };

const q = <T>(sql: string, values: unknown[] = []) => server.asOwner(async (c) => (await c.query(sql, values)).rows as T[]);

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 25, demoHeavyPatient: false, hl7: { port: 0 } });
  await registerInterface(server.pool, { sendingApplication: 'ACMELAB', sendingFacility: 'ACME', kind: 'lab', now: new Date(), passwordCost: { memoryCost: 4096, timeCost: 2 } });
  await registerInterface(server.pool, { sendingApplication: 'REGSYS', sendingFacility: 'HOSP', kind: 'adt', now: new Date(), passwordCost: { memoryCost: 4096, timeCost: 2 } });
  ada = await login(server.url, 'dr.ada');
  admin = await login(server.url, 'admin.eve');
  const rows = await q<{ p: string; resource: Json }>(
    "SELECT ct.patient_id::text AS p, r.resource FROM care_team ct JOIN users u ON u.id = ct.user_id JOIN resources r ON r.resource_type = 'Patient' AND r.id = ct.patient_id::text WHERE u.username = 'dr.ada' ORDER BY 1 LIMIT 2",
  );
  const [first, second] = rows;
  if (first === undefined || second === undefined) throw new Error('demo patients missing');
  patientId = first.p;
  const ids = first.resource['identifier'] as { system: string; value: string }[];
  mrn = ids.find((i) => i.system === ENTERPRISE_MRN_SYSTEM)?.value ?? '';
  const name = (second.resource['name'] as { family: string; given: string[] }[])[0];
  twin = { family: name?.family ?? '', given: name?.given[0] ?? '', birthDate: String(second.resource['birthDate']), gender: String(second.resource['gender']) };
  const port = server.hl7?.port;
  if (port === null || port === undefined) throw new Error('listener not started');
  conn = await MllpConnection.open('127.0.0.1', port);
}, 180_000);

afterAll(async () => {
  conn?.close();
  await server?.close();
  await pg?.stop();
});

let seq = 0;
const msh = (app: string, facility: string, type: string) => `MSH|^~\\&|${app}|${facility}|LANTERN|LANTERN|20261204083000||${type}|CTRL${++seq}|P|2.5.1`;
const ack = (text: string) => {
  const m = new Message({ text });
  const err = m.exists('ERR') ? { condition: m.get('ERR.3.1').toString(), severity: m.get('ERR.4').toString(), text: m.get('ERR.8').toString() } : null;
  return { code: m.get('MSA.1').toString(), controlId: m.get('MSA.2').toString(), err };
};
const send = async (segs: string[]) => ack(await conn.send(segs.join('\r')));
const sexOf = (g: string) => (g === 'male' ? 'M' : g === 'female' ? 'F' : 'U');

const oru = (pidMrn: string, placer: string, obx: string[] = ['OBX|1|NM|2823-3^Potassium^LN||6.2|mmol/L^mmol/L^UCUM|3.5-5.1|H|||F', 'OBX|2|NM|2951-2^Sodium^LN||140|mmol/L|135-145|N|||F']) => [
  msh('ACMELAB', 'ACME', 'ORU^R01'),
  `PID|1||${pidMrn}^^^LANTERN^MR||Doe^Test`,
  `ORC|RE|${placer}|F-77`,
  `OBR|1|${placer}|F-77|24320-4^Basic metabolic panel^LN|||20261204070000|||||||||||||||20261204082000|||F`,
  ...obx,
];

async function placeOrder(): Promise<string> {
  const r = await fhirFetch<Json>(`${server.url}/fhir/R4`, '/ServiceRequest', {
    method: 'POST', token: ada.token, body: {
      resourceType: 'ServiceRequest', status: 'active', intent: 'order', priority: 'routine',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '24320-4', display: 'Basic metabolic panel' }], text: 'Basic metabolic panel' },
      subject: { reference: `Patient/${patientId}` }, authoredOn: new Date().toISOString(),
    },
  });
  expect(r.status).toBe(201);
  return String(r.body?.['id']);
}

async function pullAll(s: Session, cursor: string | null): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  let c = cursor;
  for (let i = 0; i < 1000; i++) {
    const page = await must<PullOutput>(server.url, 'sync.pull', { cursor: c, limit: 500 }, s.token);
    changes.push(...page.changes);
    c = page.cursor;
    if (!page.hasMore) return { changes, cursor: c };
  }
  throw new Error('pull did not end');
}

describe('HL7 v2 over MLLP', () => {
  let orderId: string;
  let cursor: string;

  it('files an ORU^R01 result against its order, completes the order, and it reaches the ordering physician on the next sync', async () => {
    orderId = await placeOrder();
    cursor = (await pullAll(ada, null)).cursor;
    const a = await send(oru(mrn, orderId));
    expect(a).toMatchObject({ code: 'AA', err: null });
    const reports = await q<{ resource: Json }>("SELECT resource FROM resources WHERE resource_type = 'DiagnosticReport' AND resource->'basedOn' @> $1::jsonb", [JSON.stringify([{ reference: `ServiceRequest/${orderId}` }])]);
    expect(reports).toHaveLength(1);
    const report = reports[0]?.resource ?? {};
    expect(report['status']).toBe('final');
    expect((report['result'] as unknown[]).length).toBe(2);
    const sr = await fhirFetch<Json>(`${server.url}/fhir/R4`, `/ServiceRequest/${orderId}`, { token: ada.token });
    expect(sr.body?.['status']).toBe('completed');

    const { changes } = await pullAll(ada, cursor);
    const potassium = changes.map((c) => c.resource as Json | null).find((r) => r?.['resourceType'] === 'Observation' && JSON.stringify(r['code']).includes('2823-3') && JSON.stringify(r['basedOn']).includes(orderId));
    expect(potassium).toBeDefined();
    expect(potassium?.['valueQuantity']).toEqual({ value: 6.2, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' });
    expect((potassium?.['interpretation'] as { coding: { code: string }[] }[])[0]?.coding[0]?.code).toBe('H');
    expect((potassium?.['referenceRange'] as Json[])[0]).toMatchObject({ low: { value: 3.5 }, high: { value: 5.1 } });
    expect(potassium?.['status']).toBe('final');
    expect(changes.some((c) => c.resourceType === 'ServiceRequest' && (c.resource as Json | null)?.['status'] === 'completed')).toBe(true);
  }, 60_000);

  it('answers a resent message (same sender and control id) with AA again and files nothing twice', async () => {
    const count = async () => (await q<{ n: number }>("SELECT count(*)::int AS n FROM resources WHERE resource_type = 'Observation' AND patient_id = $1::uuid", [patientId]))[0]?.n;
    const before = await count();
    const segs = oru(mrn, orderId);
    const first = await send(segs);
    const again = ack(await conn.send(segs.join('\r')));
    expect(first.code).toBe('AA');
    expect(again).toMatchObject({ code: 'AA', controlId: first.controlId });
    // The first send is a new message about the same report (same order, test and filler number):
    // it revises that report in place, and with the same values there is nothing to rewrite.
    expect(await count()).toBe(before);
    const rows = await q<{ flags: string[] }>('SELECT flags FROM hl7_inbound_messages WHERE control_id = $1 ORDER BY received_at', [first.controlId]);
    expect(rows.map((r) => r.flags)).toEqual([[], ['duplicate']]);
  }, 30_000);

  it('a corrected result revises the same report and observation in place; a dropped result is withdrawn', async () => {
    const rows = async () => q<{ id: string; version: number; resource: Json }>(
      "SELECT id, version, resource FROM resources WHERE patient_id = $1::uuid AND resource->'basedOn' @> $2::jsonb AND resource_type IN ('Observation', 'DiagnosticReport') ORDER BY resource_type, id",
      [patientId, JSON.stringify([{ reference: `ServiceRequest/${orderId}` }])],
    );
    const before = await rows();
    const code = (r: Json) => JSON.stringify(r['code']);
    const k0 = before.find((r) => code(r.resource).includes('2823-3'));
    const na0 = before.find((r) => code(r.resource).includes('2951-2'));
    const report0 = before.find((r) => r.resource['resourceType'] === 'DiagnosticReport');
    const corrected = oru(mrn, orderId, ['OBX|1|NM|2823-3^Potassium^LN||4.9|mmol/L^mmol/L^UCUM|3.5-5.1|N|||C']).map((seg) => (seg.startsWith('OBR|') ? seg.replace(/\|F$/, '|C') : seg));
    expect(await send(corrected)).toMatchObject({ code: 'AA', err: null });
    const after = await rows();
    // One report and the same two observations: no second copy beside the first.
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const k1 = after.find((r) => r.id === k0?.id);
    expect(k1?.resource['status']).toBe('corrected');
    expect(k1?.resource['valueQuantity']).toMatchObject({ value: 4.9 });
    expect(k1?.version).toBe((k0?.version ?? 0) + 1);
    // Sodium is not in the corrected report: withdrawn, so no chart shows it as current.
    expect(after.find((r) => r.id === na0?.id)?.resource['status']).toBe('entered-in-error');
    const report1 = after.find((r) => r.id === report0?.id);
    expect(report1?.resource['status']).toBe('corrected');
    expect(report1?.version).toBe((report0?.version ?? 0) + 1);
    expect(report1?.resource['result']).toEqual([{ reference: `Observation/${k0?.id ?? ''}` }]);
  }, 30_000);

  it('stores a result for an unknown order against the patient, flagged, with AA and a warning', async () => {
    const a = await send(oru(mrn, 'NO-SUCH-ORDER'));
    expect(a.code).toBe('AA');
    expect(a.err).toMatchObject({ condition: '204', severity: 'W' });
    const flagged = await q<{ flags: string[]; patient_id: string }>("SELECT flags, patient_id::text AS patient_id FROM hl7_inbound_messages WHERE control_id = $1", [a.controlId]);
    expect(flagged[0]).toEqual({ flags: ['unknown-order'], patient_id: patientId });
    const reports = await q<{ n: number }>("SELECT count(*)::int AS n FROM resources WHERE resource_type = 'DiagnosticReport' AND patient_id = $1::uuid AND NOT (resource ? 'basedOn') AND resource->'performer' @> '[{\"display\": \"ACMELAB (ACME)\"}]'", [patientId]);
    expect(reports[0]?.n).toBe(1);
  }, 30_000);

  it('registers by A04, treats a second A04 for the same MRN as an update, and answers A08 for an unknown MRN with AE', async () => {
    const pid = (addr: string) => `PID|1||EXT-9001^^^HOSP^MR||Quillfeather^Orla^M||19810214|F|||${addr}||555-0100`;
    const first = await send([msh('REGSYS', 'HOSP', 'ADT^A04'), 'EVN|A04|20261204083000', pid('1 Mill Lane^^Springfield^IL^62701^USA'), 'PV1|1|O']);
    expect(first.code).toBe('AA');
    const again = await send([msh('REGSYS', 'HOSP', 'ADT^A04'), 'EVN|A04|20261204083000', pid('9 River Road^^Springfield^IL^62702^USA'), 'PV1|1|O']);
    expect(again.code).toBe('AA');
    const patients = await q<{ resource: Json }>("SELECT resource FROM resources WHERE resource_type = 'Patient' AND resource->'identifier' @> '[{\"value\": \"EXT-9001\"}]'");
    expect(patients).toHaveLength(1);
    const p = patients[0]?.resource ?? {};
    expect((p['address'] as { line: string[] }[])[0]?.line).toEqual(['9 River Road']);
    expect(p['birthDate']).toBe('1981-02-14');
    // Registration gave the enterprise MRN, as for a workstation registration.
    expect((p['identifier'] as { system: string }[]).some((i) => i.system === ENTERPRISE_MRN_SYSTEM)).toBe(true);

    const unknown = await send([msh('REGSYS', 'HOSP', 'ADT^A08'), 'EVN|A08|20261204083000', 'PID|1||EXT-0000^^^HOSP^MR||Nobody^Here||19700101|M']);
    expect(unknown).toMatchObject({ code: 'AE', err: { condition: '204', severity: 'E' } });
  }, 60_000);

  it('queues a likely duplicate registered by ADT for HIM review, as a sync registration is', async () => {
    const a = await send([msh('REGSYS', 'HOSP', 'ADT^A01'), 'EVN|A01|20261204083000', `PID|1||EXT-9002^^^HOSP^MR||${twin.family}^${twin.given}||${twin.birthDate.replace(/-/g, '')}|${sexOf(twin.gender)}`]);
    expect(a.code).toBe('AA');
    const [row] = await q<{ p: string }>('SELECT patient_id::text AS p FROM hl7_inbound_messages WHERE control_id = $1', [a.controlId]);
    const reviews = await q<{ n: number }>("SELECT count(*)::int AS n FROM duplicate_reviews WHERE status = 'open' AND (patient_a = $1::uuid OR patient_b = $1::uuid)", [row?.p]);
    expect(reviews[0]?.n).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('answers malformed and refused messages with AR/AE and the reason, keeps every one in the error queue, and writes nothing', async () => {
    const before = await q<{ n: number }>("SELECT count(*)::int AS n FROM resources WHERE resource_type IN ('Observation', 'DiagnosticReport', 'Patient')");
    const broken = ack(await conn.send('MSX|this is not HL7\rPID|1||X'));
    expect(broken).toMatchObject({ code: 'AR', err: { condition: '100' } });
    const noControlId = await send(['MSH|^~\\&|ACMELAB|ACME|LANTERN|LANTERN|20261204083000||ORU^R01||P|2.5.1', 'PID|1||X']);
    expect(noControlId).toMatchObject({ code: 'AR', err: { condition: '101' } });
    const unknownType = await send([msh('ACMELAB', 'ACME', 'SIU^S12'), 'SCH|1']);
    expect(unknownType).toMatchObject({ code: 'AR', err: { condition: '200' } });
    const wrongInterface = await send([msh('ACMELAB', 'ACME', 'ADT^A04'), 'PID|1||EXT-1^^^HOSP^MR||A^B']);
    expect(wrongInterface).toMatchObject({ code: 'AR', err: { condition: '200' } });
    const noPid = await send(oru(mrn, orderId).filter((s) => !s.startsWith('PID')));
    expect(noPid).toMatchObject({ code: 'AR', err: { condition: '100', text: 'PID segment is required' } });
    const stranger = await send([msh('ROGUE', 'NOWHERE', 'ORU^R01'), `PID|1||${mrn}`]);
    expect(stranger).toMatchObject({ code: 'AR', err: { condition: '204' } });
    const unknownPatient = await send(oru('MRN999999999', orderId));
    expect(unknownPatient).toMatchObject({ code: 'AE', err: { condition: '204' } });
    const unknownCode = await send(oru(mrn, orderId, ['OBX|1|NM|K+^Potassium^L||4.0|mmol/L|3.5-5.1|N|||F']));
    expect(unknownCode).toMatchObject({ code: 'AE', err: { condition: '103' } });
    const badValue = await send(oru(mrn, orderId, ['OBX|1|NM|2823-3^Potassium^LN||high|mmol/L|3.5-5.1|N|||F']));
    expect(badValue).toMatchObject({ code: 'AE', err: { condition: '102' } });
    // The answer names the message it acknowledges, even a broken one when MSH-10 can be read.
    expect(unknownType.controlId).toMatch(/^CTRL\d+$/);

    const after = await q<{ n: number }>("SELECT count(*)::int AS n FROM resources WHERE resource_type IN ('Observation', 'DiagnosticReport', 'Patient')");
    expect(after[0]?.n).toBe(before[0]?.n);
    const queue = await must<{ errors: { status: string; error: string; messageType: string | null }[] }>(server.url, 'hl7.queue', { limit: 100 }, admin.token);
    // 9 here and the unknown A08 above.
    expect(queue.errors).toHaveLength(10);
    expect(queue.errors.filter((e) => e.status === 'rejected')).toHaveLength(6);
    expect(queue.errors.every((e) => e.error.length > 0)).toBe(true);
    // The raw message is kept exactly as it came (to replay it after a fix).
    const raws = await q<{ raw: string }>("SELECT raw FROM hl7_inbound_messages WHERE raw LIKE 'MSX|%'");
    expect(raws[0]?.raw).toBe('MSX|this is not HL7\rPID|1||X');
  }, 60_000);

  it('lets an administrator replay a queued message after the fix and discard another, audited; a physician may not', async () => {
    const { errors } = await must<{ errors: { id: string; sendingApplication: string | null; messageType: string | null }[] }>(server.url, 'hl7.queue', {}, admin.token);
    const rogue = errors.find((e) => e.sendingApplication === 'ROGUE');
    const siu = errors.find((e) => e.messageType === 'SIU^S12');
    if (rogue === undefined || siu === undefined) throw new Error('queue entries missing');
    expect((await call(server.url, 'hl7.replay', { id: rogue.id }, ada.token)).ok).toBe(false);
    expect((await call(server.url, 'hl7.queue', {}, ada.token)).ok).toBe(false);

    // Still refused until the sender is registered; then the stored message is judged on its content
    // (it has no OBR: AE) and stays in the queue with the new reason and a second attempt.
    expect(await must(server.url, 'hl7.replay', { id: rogue.id }, admin.token)).toMatchObject({ ack: 'AR' });
    await must(server.url, 'hl7.registerInterface', { sendingApplication: 'ROGUE', sendingFacility: 'NOWHERE', kind: 'lab' }, admin.token);
    expect(await must(server.url, 'hl7.replay', { id: rogue.id }, admin.token)).toEqual({ ack: 'AE', error: '100 OBR segment is required' });
    const [row] = await q<{ attempts: number; status: string }>('SELECT attempts, status FROM hl7_inbound_messages WHERE id = $1', [rogue.id]);
    expect(row).toEqual({ attempts: 3, status: 'error' });
    expect(await must(server.url, 'hl7.discard', { id: siu.id }, admin.token)).toEqual({ discarded: true });
    const left = await must<{ errors: { id: string }[] }>(server.url, 'hl7.queue', {}, admin.token);
    expect(left.errors.map((e) => e.id)).not.toContain(siu.id);
    const audited = await q<{ via: string }>("SELECT e.detail->>'via' AS via FROM audit.events e WHERE e.detail->>'via' LIKE 'hl7.%' ORDER BY e.seq");
    expect(audited.map((a) => a.via)).toEqual(expect.arrayContaining(['hl7.queue', 'hl7.replay', 'hl7.registerInterface', 'hl7.discard']));
  }, 60_000);
});
