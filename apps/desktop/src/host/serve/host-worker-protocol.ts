/** Messages between Electron main and the host worker (host-worker.ts), checked with zod on both sides. */
import { z } from 'zod';
import { ERROR_CODES } from '@lantern/core';

export const HostWorkerDataSchema = z.object({
  dataDir: z.string().min(1),
  serverUrl: z.string().url(),
  /** The unwrapped store key (hex); it stays in this process, never reaches the renderer. */
  keyHex: z.string().regex(/^[0-9a-f]{64}$/),
  /** LANTERN_MACHINE_POLICY_FILE: read instead of the platform's machine policy source. */
  machinePolicyFile: z.string().min(1).optional(),
  /** LANTERN_CDS_KB_REVIEW_BY (YYYY-MM-DD). */
  knowledgeBaseReviewBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** The organisation's release public key (PEM file) that updates must be signed with. */
  updateReleaseKeyFile: z.string().min(1).optional(),
  /** LANTERN_UPDATE_CHANNEL: the channel when the machine policy sets none. */
  updateChannel: z.string().min(1).optional(),
});
export type HostWorkerData = z.infer<typeof HostWorkerDataSchema>;

const ErrorJsonSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })) });
export type ErrorJson = z.infer<typeof ErrorJsonSchema>;

export const HostReadySchema = z.union([z.object({ ready: z.literal(true) }), z.object({ ready: z.literal(false), error: ErrorJsonSchema })]);
export const HostCallSchema = z.object({ id: z.number().int(), op: z.unknown() });
export const HostCloseSchema = z.object({ type: z.literal('close') });
/** Electron main's updater asks for the update feed and its token (updates/update-feed.ts): never the renderer's IPC. */
export const HostUpdateFeedSchema = z.object({ type: z.literal('update-feed'), id: z.number().int(), refresh: z.boolean() });
export const HostAnswerSchema = z.object({ id: z.number().int(), answer: z.unknown() });
export const HostLogSchema = z.object({ log: z.string() });
