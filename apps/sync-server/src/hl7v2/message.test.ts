import { Message } from 'node-hl7-client';
import { describe, expect, it } from 'vitest';
import { buildAck } from './ack.ts';
import { accepted, appError, parseMessage, reject } from './message.ts';
import { frame, takeFrames } from './mllp.ts';
import { mapOru } from './oru-mapping.ts';

const ORU = [
  'MSH|^~\\&|ACMELAB|ACME|LANTERN|LANTERN|20261204083000||ORU^R01|C-1|P|2.5.1',
  'PID|1||MRN000000018^^^LANTERN^MR',
  'OBR|1|ORD-1|F-1|24320-4^Basic metabolic panel^LN|||20261204070000||||||||||||||||||F',
  'OBX|1|NM|2823-3^Potassium^LN||2.9|mmol/L|3.5-5.1|LL|||F',
  'OBX|2|ST|2951-2^Sodium^LN||hemolysed||||||P',
].join('\r');

describe('MLLP framing', () => {
  it('splits back-to-back and partial frames, keeping what is incomplete', () => {
    const a = takeFrames(frame('ONE') + frame('TWO') + '\x0bTHR');
    expect(a.frames).toEqual(['ONE', 'TWO']);
    expect(takeFrames(a.rest + 'EE\x1c\x0d').frames).toEqual(['THREE']);
  });
});

describe('reading a message and answering it', () => {
  it('reads MSH and accepts newline-separated segments', () => {
    const p = parseMessage(ORU.replace(/\r/g, '\n'));
    expect(p.ok && p.header).toMatchObject({ sendingApplication: 'ACMELAB', sendingFacility: 'ACME', messageType: 'ORU', event: 'R01', controlId: 'C-1', version: '2.5.1' });
  });

  it('answers a broken MSH with AR 100, still naming the control id when it can be read', () => {
    const p = parseMessage('MSX|x');
    expect(p.ok).toBe(false);
    if (p.ok) return;
    const ack = new Message({ text: buildAck(p.header, reject(p.problem), new Date()) });
    expect(ack.get('MSA.1').toString()).toBe('AR');
    expect(ack.get('ERR.3.1').toString()).toBe('100');
    expect(ack.get('ERR.3.3').toString()).toBe('HL70357');
  });

  it('puts MSA-2, the condition, severity and reason in the ACK, with sender and receiver swapped', () => {
    const p = parseMessage(ORU);
    if (!p.ok) throw new Error('parse');
    const ack = new Message({ text: buildAck(p.header, appError({ condition: '204', text: 'Unknown patient identifier in PID-3', location: 'PID^1^3' }), new Date()) });
    expect(ack.get('MSH.5').toString()).toBe('ACMELAB');
    expect(ack.get('MSH.6').toString()).toBe('ACME');
    expect(ack.get('MSA.1').toString()).toBe('AE');
    expect(ack.get('MSA.2').toString()).toBe('C-1');
    expect(ack.get('ERR.4').toString()).toBe('E');
    expect(ack.get('ERR.8').toString()).toBe('Unknown patient identifier in PID-3');
    const ok = new Message({ text: buildAck(p.header, accepted('p'), new Date()) });
    expect(ok.get('MSA.1').toString()).toBe('AA');
    expect(ok.exists('ERR')).toBe(false);
  });
});

describe('ORU^R01 to FHIR', () => {
  it('maps values, units, ranges, critical flags and statuses; the report status comes from OBR-25', () => {
    const p = parseMessage(ORU);
    if (!p.ok) throw new Error('parse');
    let n = 0;
    const r = mapOru(p.message, { patientId: 'pat-1', orderId: 'ord-1', newId: () => `id-${++n}`, now: new Date('2026-12-04T09:00:00Z'), performer: 'ACMELAB (ACME)' });
    if (!r.ok) throw new Error(r.problem.text);
    const [k, na] = r.observations;
    expect(k).toMatchObject({
      status: 'final', valueQuantity: { value: 2.9, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      referenceRange: [{ low: { value: 3.5 }, high: { value: 5.1 } }], basedOn: [{ reference: 'ServiceRequest/ord-1' }], effectiveDateTime: '2026-12-04T07:00:00Z',
    });
    expect((k?.['interpretation'] as { coding: { code: string }[] }[])[0]?.coding[0]?.code).toBe('LL');
    expect(na).toMatchObject({ status: 'preliminary', valueString: 'hemolysed' });
    expect(r.report).toMatchObject({ status: 'final', code: { coding: [{ code: '24320-4' }] }, result: [{ reference: 'Observation/id-1' }, { reference: 'Observation/id-2' }] });
  });

  it('refuses a local code, with where it is', () => {
    const p = parseMessage(ORU.replace('2823-3^Potassium^LN', 'K^Potassium^L'));
    if (!p.ok) throw new Error('parse');
    const r = mapOru(p.message, { patientId: 'p', orderId: null, newId: () => 'x', now: new Date(), performer: 'x' });
    expect(r.ok ? null : r.problem).toMatchObject({ condition: '103', location: 'OBX^1^3' });
  });
});
