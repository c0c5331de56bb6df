/**
 * One inbound message, start to answer: stored in the journal first (so it is never lost), parsed,
 * its sender authenticated as a registered interface, routed by type, and acknowledged (ack.ts).
 * AR: bad structure, unknown sender, a type the interface may not send. AE: a well-formed message
 * the record cannot apply (unknown patient, unknown code). Logs carry ids and codes, never PHI.
 */
import { handleAdt } from './adt.ts';
import { buildAck } from './ack.ts';
import type { Hl7Deps } from './deps.ts';
import { acceptsMessage, findInterface } from './interfaces.ts';
import { acceptedBefore, journalOutcome, journalReceived } from './journal.ts';
import { accepted, appError, parseMessage, reject, type Hl7Outcome, type MshHeader, type Parsed } from './message.ts';
import { handleOru } from './oru.ts';

/** Decides what a parsed message does; never throws (an unexpected failure is AE 207). */
export async function handleParsed(d: Hl7Deps, parsed: Parsed): Promise<Hl7Outcome> {
  if (!parsed.ok) return reject(parsed.problem);
  const h = parsed.header;
  try {
    const iface = await findInterface(d.pool, h.sendingApplication, h.sendingFacility);
    if (iface === null) return reject({ condition: '204', text: 'Sending application and facility (MSH-3, MSH-4) are not a registered interface', location: 'MSH^1^3' });
    if (h.messageType !== 'ORU' && h.messageType !== 'ADT') return reject({ condition: '200', text: `Message type ${h.messageType.slice(0, 3)} is not supported`, location: 'MSH^1^9' });
    if (!acceptsMessage(iface.kind, h.messageType)) return reject({ condition: '200', text: `Message type ${h.messageType} is not accepted from this interface`, location: 'MSH^1^9' });
    if (h.messageType === 'ORU') {
      if (h.event !== 'R01') return reject({ condition: '201', text: `ORU event ${h.event.slice(0, 3)} is not supported (R01)`, location: 'MSH^1^9^2' });
      return await handleOru(d, iface, parsed.message);
    }
    return await handleAdt(d, iface, parsed.message, h.event);
  } catch (e) {
    d.logger.error({ controlId: h.controlId.slice(0, 40), type: `${h.messageType}^${h.event}`, err: e instanceof Error ? e.message : 'unknown' }, 'hl7v2: message handling failed');
    return appError({ condition: '207', text: 'Application internal error: the message is kept and can be replayed' });
  }
}

/** The listener's handler: raw message in, ACK text out. */
export function inboundHandler(d: Hl7Deps): (raw: string) => Promise<string> {
  return async (raw) => {
    const now = d.clock.now();
    const parsed = parseMessage(raw);
    const header: Partial<MshHeader> = parsed.header;
    let journalId: string;
    try {
      journalId = await journalReceived(d.pool, raw, header, now);
    } catch (e) {
      // Not stored, so not ours: AE tells the sender to keep it and send it again.
      d.logger.error({ err: e instanceof Error ? e.message : 'unknown' }, 'hl7v2: could not store an inbound message');
      return buildAck(header, appError({ condition: '207', text: 'Message could not be stored; send it again' }), now);
    }
    const earlier = parsed.ok ? await acceptedBefore(d.pool, parsed.header, journalId).catch(() => null) : null;
    const outcome = earlier === null ? await handleParsed(d, parsed) : accepted(earlier.patientId, [], ['duplicate']);
    await journalOutcome(d.pool, journalId, header, outcome).catch((e: unknown) => d.logger.error({ journalId, err: e instanceof Error ? e.message : 'unknown' }, 'hl7v2: could not record an outcome'));
    d.logger.info({ journalId, type: header.messageType === undefined ? null : `${header.messageType}^${header.event ?? ''}`, ack: outcome.code, ...(outcome.code === 'AA' ? {} : { condition: outcome.problem.condition }) }, 'hl7v2: message acknowledged');
    return buildAck(header, outcome, now);
  };
}
