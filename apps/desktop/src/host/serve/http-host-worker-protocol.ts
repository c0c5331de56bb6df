/**
 * Messages between the browser-mode HTTP server (main thread) and the host on its worker thread
 * (http-host-worker.ts), checked with zod on both sides. Only requests that passed the launch
 * authentication and the CSRF guard on the main thread are forwarded.
 */
import { z } from 'zod';
import { ERROR_CODES } from '@lantern/core';

export const HttpHostWorkerDataSchema = z.object({
  dataDir: z.string().min(1),
  serverUrl: z.string().url(),
  autoLockMs: z.number().int().positive().optional(),
  keepOfflineGrantOnSignOut: z.boolean().optional(),
  syncIntervalMs: z.number().int().positive().optional(),
  backoffMaxMs: z.number().int().positive().optional(),
  pullPageSize: z.number().int().positive().optional(),
  requestTimeoutMs: z.number().int().positive().optional(),
  pullTimeoutMs: z.number().int().positive().optional(),
  knowledgeBaseReviewBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** LANTERN_MACHINE_POLICY_FILE (the worker reads the machine policy itself, beside the page load). */
  machinePolicyFile: z.string().min(1).optional(),
  updateReleaseKeyFile: z.string().min(1).optional(),
  updateChannel: z.string().min(1).optional(),
});
export type HttpHostWorkerData = z.infer<typeof HttpHostWorkerDataSchema>;

/** One /trpc/ request as the main thread received it. */
export const ApiRequestSchema = z.object({
  type: z.literal('request'),
  id: z.number().int(),
  method: z.string(),
  url: z.string().url(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.instanceof(Uint8Array).nullable(),
});
export type ApiRequest = z.infer<typeof ApiRequestSchema>;

export const ApiResponseSchema = z.object({
  type: z.literal('response'),
  id: z.number().int(),
  status: z.number().int(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.instanceof(Uint8Array),
});
export type ApiResponse = z.infer<typeof ApiResponseSchema>;

export const WorkerReadySchema = z.union([
  z.object({ type: z.literal('ready') }),
  /** The host could not start: its error's code and message (start-failure.ts turns them into the sentence), and the system errno if any. */
  z.object({ type: z.literal('failed'), code: z.enum(ERROR_CODES), message: z.string(), errno: z.string().optional() }),
]);
export const WorkerLogSchema = z.object({ type: z.literal('log'), log: z.string() });
export const WorkerClosedSchema = z.object({ type: z.literal('closed') });
export const CloseSchema = z.object({ type: z.literal('close') });
