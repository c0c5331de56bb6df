/**
 * Runs the subscription loops of one app server: dispatch (change feed -> deliveries) then deliver
 * (due deliveries -> endpoints), every `pollMs`, one tick at a time. Stopping waits for the tick in
 * flight, so a server closes without leaving a half-recorded attempt (a claimed row whose attempt
 * was cut short is retried after its lease).
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../config.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './backoff.ts';
import { deliverDue } from './deliverer.ts';
import { dispatchChanges } from './dispatcher.ts';
import { startPoller, type Poller } from '../poller.ts';

export interface SubscriptionOptions extends Partial<DeliveryPolicy> {
  /** How often the change feed and the due deliveries are read (default 500 ms). */
  pollMs?: number;
  /** Off: no notification is dispatched or delivered by this server. Default on. */
  enabled?: boolean;
}

export type SubscriptionLoops = Poller;

export function startSubscriptions(d: { pool: pg.Pool; clock: Clock; logger: Logger; fhirBase: string }, o: SubscriptionOptions = {}): SubscriptionLoops {
  if (o.enabled === false) return { stop: async () => undefined };
  const { pollMs = 500, enabled: _enabled, ...policy } = o;
  const deps = { pool: d.pool, fhirBase: d.fhirBase, random: Math.random, policy: { ...DEFAULT_DELIVERY_POLICY, ...policy } };
  let failures = 0;
  const tick = async (): Promise<void> => {
    await dispatchChanges(d.pool, d.clock.now());
    await deliverDue(deps, () => d.clock.now());
    failures = 0;
  };
  return startPoller(tick, {
    pollMs,
    onError: (e) => {
      // Ids and error kinds only: a failure here never carries resource content.
      if (failures++ % 20 === 0) d.logger.warn({ err: e instanceof Error ? { name: e.name, message: e.message.slice(0, 200) } : 'unknown' }, 'subscriptions: tick failed');
    },
  });
}
