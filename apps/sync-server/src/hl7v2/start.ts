/**
 * Starts the HL7 v2 interfaces of a server: the MLLP listener (LANTERN_HL7_PORT) and, when a lab
 * endpoint is configured (LANTERN_HL7_LAB_ENDPOINT), the sender of lab orders (outbound.ts).
 * MLLP has no encryption of its own, so, like plain HTTP (config.ts), it binds only to loopback;
 * a remote lab reaches it through a TLS tunnel or VPN that the site runs.
 */
import { LanternError } from '@lantern/core';
import { isLoopbackHost } from '../config.ts';
import type { Hl7Deps } from './deps.ts';
import { inboundHandler } from './inbound.ts';
import { registerInterface } from './interfaces.ts';
import { startMllpListener } from './mllp.ts';
import { startOrderSender, type OrderSender } from './outbound.ts';
import { registerReplayer } from './replay.ts';

export interface Hl7Options {
  port?: number;
  labEndpoint?: { host: string; port: number };
  /** How often the order feed is read and due orders sent (default 1 s). */
  pollMs?: number;
  /** Demo servers: register DEMOLAB^DEMO (lab) and DEMOADT^DEMO (ADT) so messages can be tried at once. */
  demoInterfaces?: boolean;
}

export interface Hl7Running {
  /** The listener's port, or null when it is off. */
  port: number | null;
  orders: OrderSender | null;
  close(): Promise<void>;
}

export async function startHl7(d: Hl7Deps, host: string, o: Hl7Options): Promise<Hl7Running> {
  let listener: Awaited<ReturnType<typeof startMllpListener>> | null = null;
  if (o.demoInterfaces === true) {
    for (const [app, kind] of [['DEMOLAB', 'lab'], ['DEMOADT', 'adt']] as const) {
      await registerInterface(d.pool, { sendingApplication: app, sendingFacility: 'DEMO', kind, now: d.clock.now() });
    }
  }
  const unregister = registerReplayer(d);
  if (o.port !== undefined) {
    if (!isLoopbackHost(host)) throw new LanternError('FORBIDDEN', `MLLP carries no encryption: the HL7 v2 listener binds only to loopback, not ${host}`);
    listener = await startMllpListener({ host, port: o.port, onMessage: inboundHandler(d) });
    d.logger.info({ port: listener.port }, 'hl7v2: MLLP listener ready');
  }
  const orders = o.labEndpoint === undefined ? null : await startOrderSender(d, { endpoint: o.labEndpoint, ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }) });
  return {
    port: listener?.port ?? null,
    orders,
    close: async () => {
      await orders?.stop();
      await listener?.close();
      unregister();
    },
  };
}
