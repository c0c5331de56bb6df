/**
 * What audit ingest believes. A batch is written to a device's chain only with that device's
 * signature over it (device-proof.ts `batchString`), so an access token alone, stolen or not,
 * cannot write the chain. Each event is then stored as its user's act only if that user signed in
 * on this device and the server still vouched for that sign-in at the event's device time
 * (device-sign-ins.ts). The device clock is not trusted further than that: the server stamps the
 * time it received each event beside it, and a privacy officer sees both.
 */
import type { ChainedAuditEvent } from '@lantern/core';
import type { SignInWindow } from './device-sign-ins.ts';
import { batchString, verifyDeviceSignature, type DevicePublicKey } from './device-proof.ts';

/** Device clocks drift: an event this far past the end of its user's window is still accepted. */
export const DEVICE_CLOCK_SKEW_MS = 15 * 60_000;

export function batchSignatureValid(key: DevicePublicKey, deviceId: string, events: readonly ChainedAuditEvent[], signature: string): boolean {
  return verifyDeviceSignature(key, batchString(deviceId, events), signature);
}

export type RefusalReason = 'user-not-signed-in-on-device' | 'sign-in-expired-at-event-time';

export interface Refusal {
  seq: number;
  eventId: string;
  code: 'FORBIDDEN';
  reason: RefusalReason;
}

/** Why an event cannot be stored as its user's act, or null if it can. */
export function refusalOf(e: ChainedAuditEvent, windows: ReadonlyMap<string, SignInWindow>): RefusalReason | null {
  const w = windows.get(e.userId);
  if (w === undefined) return 'user-not-signed-in-on-device';
  const at = Date.parse(e.recordedAt);
  if (!(at <= w.validUntil.getTime() + DEVICE_CLOCK_SKEW_MS)) return 'sign-in-expired-at-event-time';
  return null;
}

/** The distinct users a batch names: checked in one query, whatever the batch size. */
export const usersOf = (events: readonly ChainedAuditEvent[]): string[] => [...new Set(events.map((e) => e.userId))];
