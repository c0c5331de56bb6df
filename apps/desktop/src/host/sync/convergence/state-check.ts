/**
 * The convergence checker's state part: after the fault-free final round, every workstation's store
 * equals the server's view for its scope, every device audit event reached the central chain
 * exactly once, and the device chains and the central chain verify (HIPAA 164.312(b), (c)(2)).
 * The server is read through `ServerDb`, which the test supplies (the host never imports server code).
 */
import { canonicalJson, readableResourceTypes, verifyAuditChain, type ChainedAuditEvent } from '@lantern/core';
import { sha256Hex } from '../../store/audit-log.ts';
import type { Violation } from './checker.ts';
import type { Workstation } from './workstation.ts';

export interface ServerDb {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** The central chain's verification (db/verify-chain.ts). */
  verifyCentralChain(): Promise<{ ok: boolean; count: number; reason?: string }>;
}

export interface StateViolation {
  kind: 'store-diverged' | 'outbox-not-empty' | 'audit-missing' | 'audit-duplicated' | 'device-chain-broken' | 'central-chain-broken' | 'audit-finding';
  detail: string;
}

export type AnyViolation = Violation | StateViolation;

const content = (json: unknown): string => {
  const { meta: _meta, ...rest } = json as Record<string, unknown>;
  return canonicalJson(rest);
};

interface ServerRow { id: string; resource_type: string; version: number; resource: Record<string, unknown> }
interface LocalRow { id: string; version: string | null; json: string }

/** One workstation's store against the server's current rows for the patients and types it may read. */
export async function compareStore(ws: Workstation, db: ServerDb): Promise<StateViolation[]> {
  const out: StateViolation[] = [];
  const pending = ws.store.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')?.n ?? 0;
  if (pending > 0) out.push({ kind: 'outbox-not-empty', detail: `${ws.name}: ${pending} mutations never left the outbox` });
  const groups: [readonly string[], readonly string[]][] = [
    [ws.careTeam, readableResourceTypes(ws.role, 'care-team')],
    [ws.unit.filter((p) => !ws.careTeam.includes(p)), readableResourceTypes(ws.role, 'unit')],
  ];
  let compared = 0;
  for (const [patients, types] of groups) {
    if (patients.length === 0 || types.length === 0) continue;
    const server = await db.query<ServerRow>(
      'SELECT id, resource_type, version, resource FROM resources WHERE patient_id = ANY($1::uuid[]) AND resource_type = ANY($2::text[]) AND NOT deleted',
      [patients, types],
    );
    const ph = patients.map(() => '?').join(',');
    const th = types.map(() => '?').join(',');
    const local = new Map(ws.store.db.all<LocalRow>(
      `SELECT id, version, json FROM resources WHERE deleted = 0 AND patient_id IN (${ph}) AND resource_type IN (${th})`, ...patients, ...types,
    ).map((r) => [r.id, r]));
    for (const s of server) {
      compared += 1;
      const l = local.get(s.id);
      local.delete(s.id);
      if (l === undefined) out.push({ kind: 'store-diverged', detail: `${ws.name}: ${s.resource_type}/${s.id} v${s.version} is on the server but not in the store` });
      else if (l.version !== String(s.version)) out.push({ kind: 'store-diverged', detail: `${ws.name}: ${s.resource_type}/${s.id} is v${l.version ?? 'none'} in the store, v${s.version} on the server` });
      else if (content(JSON.parse(l.json)) !== content(s.resource)) out.push({ kind: 'store-diverged', detail: `${ws.name}: ${s.resource_type}/${s.id} v${s.version} differs in content from the server` });
    }
    for (const id of local.keys()) out.push({ kind: 'store-diverged', detail: `${ws.name}: ${id} is in the store but not (or deleted) on the server` });
  }
  if (compared === 0) out.push({ kind: 'store-diverged', detail: `${ws.name}: nothing in scope to compare` });
  return out;
}

/** Device chains verify; each device event is in the central chain exactly once; the central chain verifies. */
export async function checkAudit(stations: readonly Workstation[], db: ServerDb): Promise<{ violations: StateViolation[]; deviceEvents: number; centralEvents: number }> {
  const out: StateViolation[] = [];
  let deviceEvents = 0;
  for (const ws of stations) {
    const events = ws.store.db.all<{ event: string; sent: number }>('SELECT event, sent FROM audit_log ORDER BY seq').map((r) => ({ e: JSON.parse(r.event) as ChainedAuditEvent, sent: r.sent }));
    deviceEvents += events.length;
    const v = verifyAuditChain(events.map((x) => x.e), sha256Hex);
    if (!v.ok) out.push({ kind: 'device-chain-broken', detail: `${ws.name}: device chain breaks at seq ${v.seq}: ${v.reason}` });
    const unsent = events.filter((x) => x.sent === 0).length;
    if (unsent > 0) out.push({ kind: 'audit-missing', detail: `${ws.name}: ${unsent} audit events never uploaded` });
    const ids = events.map((x) => x.e.eventId);
    const rows = await db.query<{ event_id: string; n: string }>('SELECT event_id, count(*) AS n FROM audit.events WHERE event_id = ANY($1::text[]) GROUP BY event_id', [ids]);
    const seen = new Map(rows.map((r) => [r.event_id, Number(r.n)]));
    const missing = ids.filter((id) => !seen.has(id)).length;
    const doubled = [...seen.values()].filter((n) => n > 1).length;
    if (missing > 0) out.push({ kind: 'audit-missing', detail: `${ws.name}: ${missing} device audit events are not in the central chain` });
    if (doubled > 0) out.push({ kind: 'audit-duplicated', detail: `${ws.name}: ${doubled} device audit events are in the central chain more than once` });
    const findings = await db.query<{ kind: string }>('SELECT kind FROM audit.findings WHERE device_id = $1', [ws.deviceId]);
    for (const f of findings) out.push({ kind: 'audit-finding', detail: `${ws.name}: the server recorded an audit finding (${f.kind}) for this device` });
  }
  const central = await db.verifyCentralChain();
  if (!central.ok) out.push({ kind: 'central-chain-broken', detail: `central chain: ${central.reason ?? 'does not verify'}` });
  return { violations: out, deviceEvents, centralEvents: central.count };
}
