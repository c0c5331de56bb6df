/**
 * Reading an inbound HL7 v2 message with node-hl7-client: the MSH header fields every answer needs
 * (HL7 v2.5.1 section 2.14.9) and the outcome of handling it. Structure problems are values, not
 * throws, so every message gets an answer.
 */
import { Message, type HL7Node } from 'node-hl7-client';

export interface MshHeader {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-9.1 ^ MSH-9.2, e.g. ORU^R01. */
  messageType: string;
  event: string;
  controlId: string;
  processingId: string;
  version: string;
}

/** HL7 table 0357 (message error condition codes) used in ERR-3. */
export type ErrorCondition = '100' | '101' | '102' | '103' | '200' | '201' | '204' | '207';

export interface Hl7Problem {
  condition: ErrorCondition;
  /** Said to the sender in ERR-8: codes and field names only, never patient data. */
  text: string;
  /** ERR-2 error location, e.g. PID^1^3. */
  location?: string;
  severity?: 'E' | 'W';
}

/** The outcome of one message: the ACK code, what went wrong, what it touched. */
export type Hl7Outcome =
  | { code: 'AA'; warnings: Hl7Problem[]; patientId: string | null; flags: string[] }
  | { code: 'AE' | 'AR'; problem: Hl7Problem; patientId: string | null };

export const accepted = (patientId: string | null, warnings: Hl7Problem[] = [], flags: string[] = []): Hl7Outcome => ({ code: 'AA', warnings, patientId, flags });
export const appError = (problem: Hl7Problem, patientId: string | null = null): Hl7Outcome => ({ code: 'AE', problem, patientId });
export const reject = (problem: Hl7Problem): Hl7Outcome => ({ code: 'AR', problem, patientId: null });

export type Parsed = { ok: true; message: Message; header: MshHeader } | { ok: false; problem: Hl7Problem; header: Partial<MshHeader> };

const text = (m: Message, path: string): string => {
  try {
    return m.get(path).toString().trim();
  } catch {
    return '';
  }
};

/** What can be read of MSH from raw text when the library cannot parse it (the ACK still needs MSH-10). */
function headerFromRaw(raw: string): Partial<MshHeader> {
  const msh = raw.split('\r').find((l) => l.startsWith('MSH'));
  if (msh === undefined || msh.length < 4) return {};
  const f = msh.split(msh.charAt(3));
  const first = (i: number) => (f[i] ?? '').split('^')[0]?.trim() ?? '';
  return { sendingApplication: first(2), sendingFacility: first(3), controlId: first(9), version: first(11) };
}

export const normalizeSegments = (raw: string): string => raw.replace(/\r\n|\n/g, '\r').replace(/\r+$/, '');

export function parseMessage(raw: string): Parsed {
  const normalized = normalizeSegments(raw);
  let message: Message;
  try {
    message = new Message({ text: normalized });
  } catch {
    return { ok: false, problem: { condition: '100', text: 'Message does not begin with a valid MSH segment', location: 'MSH^1' }, header: headerFromRaw(normalized) };
  }
  const header: MshHeader = {
    sendingApplication: text(message, 'MSH.3.1'),
    sendingFacility: text(message, 'MSH.4.1'),
    receivingApplication: text(message, 'MSH.5.1'),
    receivingFacility: text(message, 'MSH.6.1'),
    messageType: text(message, 'MSH.9.1'),
    event: text(message, 'MSH.9.2'),
    controlId: text(message, 'MSH.10'),
    processingId: text(message, 'MSH.11.1'),
    version: text(message, 'MSH.12.1'),
  };
  if (header.controlId === '') return { ok: false, problem: { condition: '101', text: 'MSH-10 message control id is required', location: 'MSH^1^10' }, header };
  if (header.messageType === '' || header.event === '') return { ok: false, problem: { condition: '101', text: 'MSH-9 message type is required', location: 'MSH^1^9' }, header };
  if (header.sendingApplication === '') return { ok: false, problem: { condition: '101', text: 'MSH-3 sending application is required', location: 'MSH^1^3' }, header };
  return { ok: true, message, header };
}

/** A field of the first segment named in `path` (e.g. PID.3.1), or '' (never throws). */
export function field(m: Message, path: string): string {
  return text(m, path);
}

/** Every segment named `name`, in order (empty when none). */
export function segments(m: Message, name: string): HL7Node[] {
  if (!m.exists(name)) return [];
  const out: HL7Node[] = [];
  m.get(name).forEach((s) => out.push(s));
  return out;
}

/** A field of one segment (`3.1`, `5`), or ''. */
export function at(segment: HL7Node, path: string): string {
  try {
    return segment.get(path).toString().trim();
  } catch {
    return '';
  }
}
