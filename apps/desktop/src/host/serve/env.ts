/** The browser-mode workstation's configuration from the environment, validated once (CONVENTIONS.md #3). */
import { z } from 'zod';

export const WorkstationEnvSchema = z.object({
  LANTERN_SERVER_URL: z.string().url().default('http://127.0.0.1:4000'),
  LANTERN_WORKSTATION_DIR: z.string().min(1).default('./.lantern/workstation'),
  LANTERN_RENDERER_DIR: z.string().min(1).optional(),
  LANTERN_WORKSTATION_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Auto-lock after this much inactivity; default 10 minutes. */
  LANTERN_AUTO_LOCK_MS: z.coerce.number().int().min(1000).max(24 * 3600_000).default(600_000),
  LANTERN_SYNC_INTERVAL_MS: z.coerce.number().int().min(200).max(3600_000).default(10_000),
  LANTERN_SYNC_BACKOFF_MAX_MS: z.coerce.number().int().min(200).max(3600_000).default(30_000),
  LANTERN_PULL_PAGE_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Timeout of one call to the sync server, and of one sync.pull page (a first sync's pages are big). */
  LANTERN_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  LANTERN_PULL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3600_000).default(60_000),
  /** `1`: a user's offline grant survives sign-out (sign in again with no network); default `0`. */
  LANTERN_KEEP_OFFLINE_GRANT_ON_SIGN_OUT: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /**
   * YYYY-MM-DD: run as if the CDS knowledge base were due for review by this date (training and test
   * workstations show what out-of-date decision support looks like). Only an earlier date applies.
   */
  LANTERN_CDS_KB_REVIEW_BY: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
  /**
   * The machine policy file read instead of /etc/lantern/workstation.json (tests, a site that keeps it
   * elsewhere). The browser mode honours the Linux file on every OS (machine-policy/load-machine-policy.ts).
   */
  LANTERN_MACHINE_POLICY_FILE: z.string().min(1).optional(),
  /** Updates (updates/): the organisation's release public key (PEM file) and the channel when machine policy sets none. */
  LANTERN_UPDATE_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  LANTERN_UPDATE_CHANNEL: z.enum(['stable', 'pilot']).optional(),
});
export type WorkstationEnv = z.infer<typeof WorkstationEnvSchema>;

/** The only reader of process.env in the host (lint enforces it); tests pass their own source. */
export function loadWorkstationEnv(source: Record<string, string | undefined> = process.env): WorkstationEnv {
  const parsed = WorkstationEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
