/**
 * The demo's simulated laboratory (LANTERN_DEMO=1 only). It follows the server's change feed (the
 * `change_seq` every write takes, read up to the safe point so a write still committing is never
 * skipped) for signed lab and imaging orders (ServiceRequest status active). For each one it
 *   1. joins the patient's care team as the performer and files a DiagnosticReport `registered`
 *      (the order now reads "in progress" on the workstation), then
 *   2. a few seconds later files the results in one FHIR transaction: the Observations (values
 *      with reference ranges and interpretation flags; sometimes abnormal, rarely critical) and the
 *      report updated to `final` (If-Match on the version it registered).
 * Everything goes through the FHIR API (fhir-client.ts), so it is authorized and audited like any
 * other write; the order itself is never modified by the lab.
 */
import type { FastifyInstance } from 'fastify';
import { buildLabReport, type ValueSource } from '@lantern/core/results';
import { validateResource, type ServiceRequest } from '@lantern/core';
import type pg from 'pg';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ServerKeys } from '../auth/keys.ts';
import type { PasswordCost } from '../auth/passwords.ts';
import type { Clock } from '../config.ts';
import { safeChangeSeq } from '../db/resources.ts';
import { idFromLocation, LabFhirClient, PatientFacts } from './fhir-client.ts';
import { ensureLabAccount, joinCareTeam, LabToken } from './lab-account.ts';
import { startPoller } from '../poller.ts';

export interface LabSimulatorOptions {
  app: FastifyInstance;
  pool: pg.Pool;
  keys: ServerKeys;
  clock: Clock;
  logger: Logger;
  passwordCost?: PasswordCost;
  /** From seeing the order to filing its results (default 4 s). */
  resultDelayMs?: number;
  /** How often the change feed is read (default 1 s). */
  pollMs?: number;
  values?: ValueSource;
}

export interface LabSimulator {
  /** One pass over the feed and the due orders (tests drive it directly). Returns results filed. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

const OrderRow = z.object({ patient_id: z.string(), id: z.string(), seq: z.coerce.string(), resource: z.record(z.string(), z.unknown()) });
const ReportRow = z.object({ id: z.string(), version: z.coerce.number(), status: z.string().nullable() });

interface Pending {
  orderId: string;
  patientId: string;
  order: ServiceRequest;
  dueAt: number;
  report: { id: string; version: number } | null;
  collectedAt: string;
  failures: number;
}

const mathRandom: ValueSource = { float: (min, max) => min + Math.random() * (max - min), chance: (p) => Math.random() < p };
const MAX_FAILURES = 5;

function ageYears(birthDate: string | undefined, now: Date): number {
  if (birthDate === undefined) return 50;
  const ms = now.getTime() - Date.parse(birthDate);
  return Number.isFinite(ms) ? Math.max(0, ms / (365.25 * 86_400_000)) : 50;
}

export async function startLabSimulator(o: LabSimulatorOptions): Promise<LabSimulator> {
  const labUserId = await ensureLabAccount(o.pool, o.passwordCost);
  const token = new LabToken(o.keys, o.clock, labUserId);
  const fhir = new LabFhirClient(o.app, () => token.get());
  const delay = o.resultDelayMs ?? 4000;
  const values = o.values ?? mathRandom;
  const pending = new Map<string, Pending>();
  let cursor = '0';

  async function existingReport(patientId: string, orderId: string): Promise<{ id: string; version: number; status: string | null } | null> {
    const r = await o.pool.query(
      "SELECT id, version, status FROM resources WHERE resource_type = 'DiagnosticReport' AND patient_id = $1::uuid AND NOT deleted AND resource->'basedOn' @> $2::jsonb ORDER BY version DESC LIMIT 1",
      [patientId, JSON.stringify([{ reference: `ServiceRequest/${orderId}` }])],
    );
    return r.rows[0] === undefined ? null : ReportRow.parse(r.rows[0]);
  }

  async function readFeed(): Promise<void> {
    const safe = await safeChangeSeq(o.pool);
    const r = await o.pool.query(
      "SELECT patient_id::text AS patient_id, id, seq, resource FROM resources WHERE resource_type = 'ServiceRequest' AND seq > $1::bigint AND seq <= $2::bigint AND NOT deleted AND status = 'active' ORDER BY seq LIMIT 200",
      [cursor, safe],
    );
    const rows = r.rows.map((x) => OrderRow.parse(x));
    cursor = rows.length === 200 ? (rows[rows.length - 1]?.seq ?? safe) : safe;
    for (const row of rows) {
      if (pending.has(row.id)) continue;
      const order = validateResource(row.resource, 'ServiceRequest');
      if (!order.ok) continue;
      const existing = await existingReport(row.patient_id, row.id);
      if (existing !== null && existing.status !== 'registered') continue;
      const now = o.clock.now();
      pending.set(row.id, {
        orderId: row.id, patientId: row.patient_id, order: order.value, dueAt: now.getTime() + delay,
        report: existing === null ? null : { id: existing.id, version: existing.version }, collectedAt: now.toISOString(), failures: 0,
      });
    }
  }

  /** Specimen received: a registered report, so the order reads "in progress". */
  async function register(p: Pending): Promise<void> {
    await joinCareTeam(o.pool, labUserId, p.patientId);
    const res = await fhir.request('POST', '/DiagnosticReport', {
      resourceType: 'DiagnosticReport', status: 'registered', basedOn: [{ reference: `ServiceRequest/${p.orderId}` }],
      code: p.order.code ?? { text: 'Result' }, subject: { reference: `Patient/${p.patientId}` }, effectiveDateTime: p.collectedAt,
      performer: [{ display: 'Lantern demo laboratory' }],
    });
    const id = idFromLocation(res.location, 'DiagnosticReport');
    if (res.status !== 201 || id === null) throw new Error(`register answered ${res.status}`);
    p.report = { id, version: 1 };
  }

  /** The results and the final report, in one transaction. */
  async function file(p: Pending): Promise<void> {
    const report = p.report;
    if (report === null) throw new Error('no registered report');
    const patient = await fhir.request('GET', `/Patient/${p.patientId}`);
    const facts = patient.status === 200 ? PatientFacts.parse(patient.body) : {};
    const now = o.clock.now();
    const built = buildLabReport({
      order: p.order, newId: randomUUID, values, collectedAt: p.collectedAt, issuedAt: now.toISOString(),
      patient: { sex: facts.gender === 'male' ? 'male' : 'female', ageYears: ageYears(facts.birthDate, now) },
    });
    const urn = (id: string | undefined) => `urn:uuid:${id ?? ''}`;
    const entries: unknown[] = built.observations.map((obs) => {
      const { id, ...rest } = obs;
      return { fullUrl: urn(id), resource: rest, request: { method: 'POST', url: 'Observation' } };
    });
    const final = { ...built.report, id: report.id, result: built.report.result?.map((r) => ({ ...r, reference: urn(r.reference?.replace(/^Observation\//, '')) })) };
    entries.push({ fullUrl: `DiagnosticReport/${report.id}`, resource: final, request: { method: 'PUT', url: `DiagnosticReport/${report.id}`, ifMatch: `W/"${report.version}"` } });
    const res = await fhir.request('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: entries });
    if (res.status !== 200) throw new Error(`results transaction answered ${res.status}`);
  }

  async function tick(): Promise<number> {
    await readFeed();
    let filed = 0;
    const now = o.clock.now().getTime();
    for (const p of [...pending.values()]) {
      try {
        if (p.report === null) await register(p);
        if (p.dueAt <= now) {
          await file(p);
          pending.delete(p.orderId);
          filed++;
        }
      } catch (e) {
        p.failures++;
        // Ids only: the order and report ids carry no PHI.
        o.logger.warn({ orderId: p.orderId, failures: p.failures, err: e instanceof Error ? e.message : 'unknown' }, 'lab simulator: could not file a result');
        if (p.failures >= MAX_FAILURES) pending.delete(p.orderId);
      }
    }
    return filed;
  }

  const poller = startPoller(tick, { pollMs: o.pollMs ?? 1000, onError: (e: unknown) => o.logger.warn({ err: e instanceof Error ? e.message : 'unknown' }, 'lab simulator: feed read failed') });
  o.logger.info({ resultDelayMs: delay }, 'simulated lab answering lab and imaging orders');
  return {
    tick,
    stop: () => poller.stop(),
  };
}
