/**
 * The acknowledgment (HL7 v2.5.1 section 2.9.2, original acknowledgment mode): MSH with sender and
 * receiver swapped, MSA-1 AA/AE/AR with MSA-2 = the message's control id, and an ERR segment
 * (section 2.15.5: ERR-2 location, ERR-3 condition from table 0357, ERR-4 severity, ERR-8 text) for
 * each problem. Built with node-hl7-client. The text carries codes and field names, never PHI.
 */
import { randomUUID } from 'node:crypto';
import { Message } from 'node-hl7-client';
import type { Hl7Outcome, Hl7Problem, MshHeader } from './message.ts';

const CONDITION_TEXT: Record<Hl7Problem['condition'], string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '204': 'Unknown key identifier',
  '207': 'Application internal error',
};

export const RECEIVING_APPLICATION = 'LANTERN';

export function buildAck(header: Partial<MshHeader>, outcome: Hl7Outcome, now: Date): string {
  const ack = new Message({
    messageHeader: { msh_9_1: 'ACK', msh_9_2: header.event === undefined || header.event === '' ? 'Z99' : header.event, msh_10: randomUUID().replace(/-/g, '').slice(0, 20), msh_11_1: 'P' },
    date: '14',
  });
  ack.set('MSH.3', RECEIVING_APPLICATION);
  ack.set('MSH.4', header.receivingFacility ?? '');
  ack.set('MSH.5', header.sendingApplication ?? '');
  ack.set('MSH.6', header.sendingFacility ?? '');
  ack.set('MSH.7', now.toISOString().replace(/[-:T]/g, '').slice(0, 14));
  ack.set('MSH.12', header.version === undefined || header.version === '' ? '2.5.1' : header.version);
  const msa = ack.addSegment('MSA');
  msa.set('1', outcome.code);
  msa.set('2', header.controlId ?? '');
  const problems = outcome.code === 'AA' ? outcome.warnings : [outcome.problem];
  for (const p of problems) {
    const err = ack.addSegment('ERR');
    if (p.location !== undefined) err.set('2', p.location);
    err.set('3.1', p.condition);
    err.set('3.2', CONDITION_TEXT[p.condition]);
    err.set('3.3', 'HL70357');
    err.set('4', p.severity ?? (outcome.code === 'AA' ? 'W' : 'E'));
    err.set('8', p.text);
  }
  return ack.toString();
}
