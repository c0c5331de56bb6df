/**
 * Messages between the host and the store worker (CONVENTIONS.md #3: zod at every boundary).
 * A request names a store method and its arguments; each method's arguments have a schema, checked
 * in the worker before the store sees them. Errors cross as LanternError JSON: code, message and
 * field issues, never a stack.
 */
import { z } from 'zod';
import {
  AuditEventInputSchema, ChangeSchema, CursorSchema, ERROR_CODES, MutationSchema, PatientIdSchema, PullOutputSchema, ResourceJsonSchema,
} from '@lantern/core';
import { ConflictRecordSchema } from '../conflicts.ts';

const patientId = PatientIdSchema;
const resourceId = z.string().min(1).max(64);
const limit = z.number().int().min(1).max(10_000);
const loinc = z.string().regex(/^[0-9]{1,7}-[0-9]$/, 'must be a LOINC code like 2160-0');
const cursorName = z.string().min(1).max(200);
const OutboxAckSchema = z.object({ mutationId: z.string().uuid(), version: z.string().regex(/^[1-9][0-9]*$/).optional(), resource: ResourceJsonSchema.optional() });

/** Argument tuples per method. The worker also exposes `diagnosticBusyQuery` when started with diagnostics on. */
export const STORE_METHOD_PARAMS = {
  banner: z.tuple([patientId]),
  summary: z.tuple([patientId]),
  openChart: z.tuple([patientId]),
  activeProblems: z.tuple([patientId]),
  activeMedications: z.tuple([patientId]),
  allergies: z.tuple([patientId]),
  latestVitals: z.tuple([patientId]),
  labSeries: z.union([z.tuple([patientId, loinc]), z.tuple([patientId, loinc, z.enum(['laboratory', 'vital-signs'])])]),
  recentLabs: z.tuple([patientId]),
  notes: z.union([z.tuple([patientId]), z.tuple([patientId, limit])]),
  encounters: z.union([z.tuple([patientId]), z.tuple([patientId, limit])]),
  searchPatients: z.tuple([z.string().max(200), z.number().int().min(1).max(200)]),
  getResource: z.tuple([resourceId]),
  peekOutbox: z.tuple([limit]),
  outboxSize: z.tuple([]),
  listConflicts: z.tuple([patientId.nullable()]),
  getCursor: z.union([z.tuple([]), z.tuple([cursorName])]),
  listUnsentAudit: z.tuple([limit]),
  integrityCheck: z.tuple([]),
  schemaVersion: z.tuple([]),
  applyPullPage: z.union([z.tuple([PullOutputSchema]), z.tuple([PullOutputSchema, cursorName])]),
  upsertChanges: z.tuple([z.array(ChangeSchema).max(5000)]),
  applyLocalMutation: z.tuple([MutationSchema]),
  ackOutbox: z.tuple([z.array(OutboxAckSchema).max(500)]),
  putConflicts: z.tuple([z.array(ConflictRecordSchema).max(500)]),
  resolveConflict: z.tuple([z.string().uuid(), z.string().min(1).max(200)]),
  setCursor: z.union([z.tuple([CursorSchema]), z.tuple([CursorSchema, cursorName])]),
  appendAudit: z.tuple([z.array(AuditEventInputSchema).min(1).max(1000)]),
  markAuditSent: z.tuple([z.number().int().positive()]),
  purgePatient: z.tuple([patientId]),
  checkpoint: z.tuple([]),
} as const;

export type StoreMethod = keyof typeof STORE_METHOD_PARAMS;
export const STORE_METHODS = Object.keys(STORE_METHOD_PARAMS) as StoreMethod[];
export const READ_METHODS = [
  'banner', 'summary', 'openChart', 'activeProblems', 'activeMedications', 'allergies', 'latestVitals', 'labSeries', 'recentLabs',
  'notes', 'encounters', 'searchPatients', 'getResource', 'peekOutbox', 'outboxSize', 'listConflicts', 'getCursor', 'listUnsentAudit', 'integrityCheck', 'schemaVersion',
] as const satisfies readonly StoreMethod[];

export const DIAGNOSTIC_METHOD = 'diagnosticBusyQuery';
/** Rotates the store key (store opened from a key file only): see key/rotate-key-file.ts. */
export const ROTATE_KEY_METHOD = 'rotateKeyFile';

export const RequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.union([z.enum(STORE_METHODS as [StoreMethod, ...StoreMethod[]]), z.literal(DIAGNOSTIC_METHOD), z.literal(ROTATE_KEY_METHOD)]),
  params: z.array(z.unknown()).max(4),
});
export type StoreRequest = z.infer<typeof RequestSchema>;

export const ErrorJsonSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ResponseSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: ErrorJsonSchema }),
]);
export type StoreResponse = z.infer<typeof ResponseSchema>;

/** The first message from the worker: the store opened, or why it did not. */
export const ReadySchema = z.discriminatedUnion('ready', [
  z.object({ ready: z.literal(true) }),
  z.object({ ready: z.literal(false), error: ErrorJsonSchema }),
]);

/** Asks the worker to close the store and exit. */
export const CloseSchema = z.object({ type: z.literal('close') });

/** How the worker gets its key: explicit bytes (tests, tools) or a 0600 key file. */
export const WorkerKeySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('explicit'), hex: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ kind: z.literal('file'), path: z.string().min(1), createIfMissing: z.boolean() }),
]);
export type WorkerKey = z.infer<typeof WorkerKeySchema>;

export const WorkerDataSchema = z.object({
  path: z.string().min(1),
  key: WorkerKeySchema,
  readonly: z.boolean(),
  /** Enables `diagnosticBusyQuery` (tests only): a real CPU-bound SQLite query of a given size. */
  diagnostics: z.boolean(),
  /** Fixed clock for tests, ISO 8601. */
  now: z.string().nullable(),
});
export type WorkerData = z.infer<typeof WorkerDataSchema>;
