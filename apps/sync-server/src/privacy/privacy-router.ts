/**
 * privacy.*: the privacy officer's workspace (HIPAA 164.308(a)(1)(ii)(D) information system
 * activity review, 164.312(b) audit controls). Decided by core's policy on AuditEvent (only the
 * privacy officer reads the audit trail); every call is itself audited. Patients are named by
 * name, MRN and birth date only: the officer never opens a chart here.
 */
import { LanternError, PatientIdSchema } from '@lantern/core';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { policyProcedure, router } from '../trpc.ts';
import { ALERT_KINDS, processAlerts } from './alerts/processor.ts';
import { auditRead } from './audited.ts';
import { exportAccessReport } from './exports/export-report.ts';
import { AccessQuerySchema, accessRows } from './reports/access-rows.ts';
import { AlertQuerySchema, listAlerts } from './reports/alerts-query.ts';
import { breakGlassQueue, QueueQuerySchema } from './reports/break-glass-queue.ts';
import { auditIntegrity } from './reports/integrity.ts';
import { overrideRates, OverrideQuerySchema } from './reports/override-rates.ts';
import { owedPurges, OwedPurgesQuerySchema } from './reports/owed-purges.ts';
import { findPatientLabels, patientLabels } from './reports/patient-labels.ts';
import { userActivitySummary } from './reports/user-activity.ts';

const readAudit = policyProcedure('AuditEvent', 'search');
const UserIdInput = z.string().min(1).max(128);
const Note = z.string().trim().min(5, 'write a note (at least 5 characters)').max(2000);

export const privacyRouter = router({
  /** Pick a patient for a report by name, MRN or birth date, without opening the chart. */
  findPatients: readAudit.input(z.object({ text: z.string().max(200) })).query(async ({ ctx, input }) => {
    const found = await findPatientLabels(ctx.services.pool, input.text);
    await auditRead(ctx.services, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'Patient', detail: { via: 'privacy.findPatients', count: found.length } });
    return found;
  }),

  /** Staff accounts to pick for a user activity report (no credentials). */
  users: readAudit.query(async ({ ctx }) => {
    const r = await ctx.services.pool.query('SELECT id::text AS id, username, role, active FROM users ORDER BY username');
    return z.array(z.object({ id: z.string(), username: z.string(), role: z.string(), active: z.boolean() })).parse(r.rows);
  }),

  patientAccess: readAudit.input(AccessQuerySchema.extend({ patientId: PatientIdSchema })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const [rows, labels] = await Promise.all([accessRows(s.pool, { patientId: input.patientId }, input), patientLabels(s.pool, [input.patientId])]);
    await auditRead(s, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', patientId: input.patientId, detail: { via: 'privacy.patientAccess', count: rows.length } });
    return { patient: labels.get(input.patientId) ?? null, rows };
  }),

  userActivity: readAudit.input(AccessQuerySchema.extend({ userId: UserIdInput })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const rows = await accessRows(s.pool, { userId: input.userId }, input);
    const summary = await userActivitySummary(s.pool, input.userId, input.from, input.to);
    await auditRead(s, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', detail: { via: 'privacy.userActivity', subjectUserId: input.userId, count: rows.length } });
    return { rows, ...summary };
  }),

  exportAccess: readAudit
    .input(AccessQuerySchema.extend({ subject: z.discriminatedUnion('kind', [z.object({ kind: z.literal('patient'), patientId: PatientIdSchema }), z.object({ kind: z.literal('user'), userId: UserIdInput })]), format: z.enum(['csv', 'pdf']) }))
    .mutation(({ ctx, input }) => exportAccessReport(ctx.services, ctx.actor, input)),

  breakGlassQueue: readAudit.input(QueueQuerySchema.default({ status: 'all', search: '' })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const items = await breakGlassQueue(s.pool, input, s.clock.now(), s.config.privacyAlerts.breakGlassReviewHours);
    const labels = await patientLabels(s.pool, items.map((i) => i.patientId));
    await auditRead(s, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', detail: { via: 'privacy.breakGlassQueue', count: items.length } });
    return items.map((i) => ({ ...i, patient: labels.get(i.patientId) ?? null }));
  }),

  /** Closes a break-glass review: appropriate, or referred for investigation; the note is required. */
  reviewBreakGlass: policyProcedure('AuditEvent', 'read')
    .input(z.object({ grantId: z.string().uuid(), outcome: z.enum(['appropriate', 'refer']), note: Note }))
    .mutation(async ({ ctx, input }) => {
      const s = ctx.services;
      const now = s.clock.now();
      return withTx(s.pool, async (c) => {
        const r = await c.query(
          'UPDATE break_glass_grants SET reviewed_at = $2, reviewed_by = $3, review_outcome = $4, review_note = $5 WHERE id = $1 AND reviewed_at IS NULL RETURNING patient_id::text AS p',
          [input.grantId, now, ctx.user.userId, input.outcome, input.note],
        );
        if (r.rowCount === 0) throw new LanternError('NOT_FOUND', 'No unreviewed break-glass grant with that id');
        await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'break-glass', outcome: 'success', patientId: z.string().parse((r.rows[0] as { p: unknown }).p), detail: { review: input.grantId, reviewOutcome: input.outcome } }, now)]);
        return { grantId: input.grantId, reviewedAt: now.toISOString(), outcome: input.outcome };
      });
    }),

  alerts: readAudit.input(AlertQuerySchema.default({ status: 'open' })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    // Judge whatever arrived since the processor's last tick, so the list is current.
    while ((await processAlerts(s.pool, s.config.privacyAlerts, s.clock.now())) > 0);
    const alerts = await listAlerts(s.pool, input);
    const labels = await patientLabels(s.pool, alerts.flatMap((a) => (a.patientId === null ? [] : [a.patientId])));
    await auditRead(s, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', detail: { via: 'privacy.alerts', count: alerts.length } });
    return alerts.map((a) => ({ ...a, patient: a.patientId === null ? null : (labels.get(a.patientId) ?? null) }));
  }),

  acknowledgeAlert: policyProcedure('AuditEvent', 'read').input(z.object({ alertId: z.string().uuid(), note: Note })).mutation(async ({ ctx, input }) => {
    const s = ctx.services;
    const now = s.clock.now();
    return withTx(s.pool, async (c) => {
      const r = await c.query('UPDATE privacy_alerts SET acknowledged_at = $2, acknowledged_by = $3, ack_note = $4 WHERE id = $1 AND acknowledged_at IS NULL RETURNING kind, patient_id', [input.alertId, now, ctx.user.userId, input.note]);
      if (r.rowCount === 0) throw new LanternError('NOT_FOUND', 'No open alert with that id');
      const row = z.object({ kind: z.enum(ALERT_KINDS), patient_id: z.string().nullable() }).parse(r.rows[0]);
      await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'resource-update', outcome: 'success', resourceType: 'PrivacyAlert', resourceId: input.alertId, patientId: row.patient_id, detail: { op: 'acknowledge', kind: row.kind } }, now)]);
      return { alertId: input.alertId, acknowledgedAt: now.toISOString() };
    });
  }),

  /** Flags a patient as restricted (VIP or staff member): every access to them raises an alert. */
  setRestricted: policyProcedure('AuditEvent', 'read')
    .input(z.object({ patientId: PatientIdSchema, kind: z.enum(['vip', 'staff']).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const s = ctx.services;
      const now = s.clock.now();
      await withTx(s.pool, async (c) => {
        if (input.kind === null) await c.query('DELETE FROM restricted_patients WHERE patient_id = $1', [input.patientId]);
        else await c.query('INSERT INTO restricted_patients (patient_id, kind, flagged_by, flagged_at) VALUES ($1, $2, $3, $4) ON CONFLICT (patient_id) DO UPDATE SET kind = EXCLUDED.kind, flagged_by = EXCLUDED.flagged_by, flagged_at = EXCLUDED.flagged_at', [input.patientId, input.kind, ctx.user.userId, now]);
        await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'resource-update', outcome: 'success', resourceType: 'Patient', patientId: input.patientId, detail: { op: 'set-restricted', restriction: input.kind ?? 'none' } }, now)]);
      });
      return { patientId: input.patientId, kind: input.kind };
    }),

  integrity: policyProcedure('AuditEvent', 'read').query(({ ctx }) => auditIntegrity(ctx.services.pool, ctx.services.config)),

  /** Alert-fatigue review: CDS override rates per rule and per prescriber, most overridden first. */
  overrideRates: readAudit.input(OverrideQuerySchema).query(async ({ ctx, input }) => {
    const out = await overrideRates(ctx.services.pool, input);
    await auditRead(ctx.services, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'AuditEvent', detail: { via: 'privacy.overrideRates', rules: out.rules.length } });
    return out;
  }),

  /** Devices that still owe purges older than N days (they keep PHI they were told to remove). */
  owedPurges: readAudit.input(OwedPurgesQuerySchema.default({ olderThanDays: 7 })).query(async ({ ctx, input }) => {
    const s = ctx.services;
    const devices = await owedPurges(s.pool, input, s.clock.now());
    await auditRead(s, ctx.actor, { action: 'search', outcome: 'success', resourceType: 'Device', detail: { via: 'privacy.owedPurges', olderThanDays: input.olderThanDays, devices: devices.length, patients: devices.reduce((n, d) => n + d.patients.length, 0) } });
    return devices;
  }),
});
