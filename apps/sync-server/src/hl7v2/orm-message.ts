/**
 * ORM^O01 (general order, HL7 v2.5.1 chapter 4.4.1) for a signed lab ServiceRequest, built with
 * node-hl7-client: PID from the Patient (MRN, name, birth date, sex), ORC-1 NW with ORC-2 = OBR-2 =
 * the placer order number (the ServiceRequest id, which the lab returns in its ORU), OBR-4 the LOINC
 * code. Pure.
 */
import { SYSTEM } from '@lantern/core';
import { ENTERPRISE_MRN_SYSTEM } from '@lantern/core/mpi';
import { Message } from 'node-hl7-client';
import { z } from 'zod';
import { RECEIVING_APPLICATION } from './ack.ts';

const Coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
export const OrderFacts = z.looseObject({
  id: z.string(),
  priority: z.string().optional(),
  authoredOn: z.string().optional(),
  code: z.looseObject({ coding: z.array(Coding).optional(), text: z.string().optional() }).optional(),
  requester: z.looseObject({ display: z.string().optional() }).optional(),
});
export const PatientFacts = z.looseObject({
  identifier: z.array(z.looseObject({ system: z.string().optional(), value: z.string().optional() })).optional(),
  name: z.array(z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional() })).optional(),
  birthDate: z.string().optional(),
  gender: z.string().optional(),
});

const v2Time = (iso: string): string => iso.replace(/[-:T]/g, '').replace(/\..*$/, '').replace(/Z$/, '').slice(0, 14);
const SEX: Readonly<Record<string, string>> = { male: 'M', female: 'F', other: 'O', unknown: 'U' };

export function buildOrm(o: { order: z.infer<typeof OrderFacts>; patient: z.infer<typeof PatientFacts>; controlId: string; now: Date; receivingApplication: string }): string {
  const m = new Message({ messageHeader: { msh_9_1: 'ORM', msh_9_2: 'O01', msh_10: o.controlId, msh_11_1: 'P' }, date: '14' });
  m.set('MSH.3', RECEIVING_APPLICATION);
  m.set('MSH.5', o.receivingApplication);
  m.set('MSH.7', v2Time(o.now.toISOString()));
  m.set('MSH.12', '2.5.1');
  const pid = m.addSegment('PID');
  pid.set('1', '1');
  const mrn = o.patient.identifier?.find((i) => i.system === ENTERPRISE_MRN_SYSTEM)?.value ?? '';
  pid.set('3.1', mrn);
  pid.set('3.4', 'LANTERN');
  pid.set('3.5', 'MR');
  const name = o.patient.name?.[0];
  pid.set('5.1', name?.family ?? '');
  pid.set('5.2', name?.given?.[0] ?? '');
  if (o.patient.birthDate !== undefined) pid.set('7', o.patient.birthDate.replace(/-/g, ''));
  pid.set('8', SEX[o.patient.gender ?? 'unknown'] ?? 'U');
  const orc = m.addSegment('ORC');
  orc.set('1', 'NW');
  orc.set('2', o.order.id);
  if (o.order.authoredOn !== undefined) orc.set('9', v2Time(o.order.authoredOn));
  const loinc = o.order.code?.coding?.find((c) => c.system === SYSTEM.loinc);
  const obr = m.addSegment('OBR');
  obr.set('1', '1');
  obr.set('2', o.order.id);
  obr.set('4.1', loinc?.code ?? '');
  obr.set('4.2', loinc?.display ?? o.order.code?.text ?? '');
  obr.set('4.3', 'LN');
  obr.set('5', o.order.priority === 'stat' ? 'S' : 'R');
  if (o.order.requester?.display !== undefined) obr.set('16', o.order.requester.display);
  return m.toString();
}
