/**
 * The versions a workstation and a sync server agree on at sign-in. The workstation declares its
 * app version and the sync protocol versions it speaks; the server answers with a sign-in or with
 * a typed refusal naming the minimum version, so an out-of-date workstation is told to update
 * instead of guessing from a strange failure later.
 *
 * Protocol 2 is the protocol as it was before workstations declared anything: a client that sends
 * no declaration is taken to speak exactly protocol 2 (and no app version), so raising the
 * server's minimum protocol above 2 refuses every undeclared client.
 */
import { z } from 'zod';

/**
 * The sync protocol this code base speaks (core's sync schemas, push/pull as in ARCHITECTURE.md).
 * 4 adds the pull page token (sync.pull `pageToken`, optional both ways: a server that does not
 * know it ignores it, a client that does not send it is served with server-kept backfill progress).
 */
export const SYNC_PROTOCOL_VERSION = 4;
/** Protocol versions this code base can still talk (both ends): 2 is wire-identical to 3, minus the declaration. */
export const SUPPORTED_SYNC_PROTOCOLS = { min: 2, max: SYNC_PROTOCOL_VERSION } as const;
/** What a client that declares nothing is assumed to speak. */
export const UNDECLARED_PROTOCOL = 2;

/** Semantic version, MAJOR.MINOR.PATCH with an optional pre-release (https://semver.org section 2, 9). */
export const SemverSchema = z.string().max(64).regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?$/, 'must be a version like 1.4.0');

export const ProtocolRangeSchema = z.object({ min: z.number().int().min(1).max(1000), max: z.number().int().min(1).max(1000) })
  .refine((r) => r.min <= r.max, 'min must not exceed max');
export type ProtocolRange = z.infer<typeof ProtocolRangeSchema>;

/** Sent by the workstation in auth.login and auth.refresh (optional: older clients send none). */
export const WorkstationDeclarationSchema = z.object({ appVersion: SemverSchema, protocol: ProtocolRangeSchema });
export type WorkstationDeclaration = z.infer<typeof WorkstationDeclarationSchema>;

/**
 * Compares two semantic versions: negative, zero or positive. A pre-release sorts before its
 * release (1.4.0-rc.1 < 1.4.0), pre-release identifiers compared as semver section 11 says.
 */
export function compareVersions(a: string, b: string): number {
  const [ac = '', ap] = splitPre(a);
  const [bc = '', bp] = splitPre(b);
  const an = ac.split('.').map(Number);
  const bn = bc.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (an[i] ?? 0) - (bn[i] ?? 0);
    if (d !== 0) return d;
  }
  if (ap === undefined || bp === undefined) return ap === bp ? 0 : ap === undefined ? 1 : -1;
  const ai = ap.split('.');
  const bi = bp.split('.');
  for (let i = 0; i < Math.max(ai.length, bi.length); i++) {
    const x = ai[i];
    const y = bi[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function splitPre(v: string): [string, string | undefined] {
  const i = v.indexOf('-');
  return i < 0 ? [v, undefined] : [v.slice(0, i), v.slice(i + 1)];
}
