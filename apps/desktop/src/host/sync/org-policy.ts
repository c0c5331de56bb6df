/**
 * The organisation's workstation policy as this workstation last heard it (workstation.report on
 * every sync), kept in the encrypted store so a workstation started offline still applies it.
 * Until a server has said anything, the workstation's own configuration applies. It is one small
 * JSON value in `sync_state` (key `org-policy`), not a table of its own: local migrations must be
 * gapless, and the number reserved for it (0010) cannot land before 0009 does.
 */
import { z } from 'zod';
import { getState, setState } from '../store/sync-state.ts';
import type { StoreDb } from '../store/store-db.ts';

export const ORG_POLICY_KEY = 'org-policy';

/** What the server sends (apps/sync-server/src/admin/workstation-policy.ts); checked here too: the server is a trust boundary. */
export const OrgPolicySchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(240),
  offlineGrantHours: z.number().int().min(1).max(720),
  syncIntervalSeconds: z.number().int().min(5).max(3600),
  cdsSuppressionHours: z.number().int().min(0).max(720),
  updatedAt: z.string(),
});
export type OrgPolicy = z.output<typeof OrgPolicySchema>;

/** The policy and when this workstation received it. */
export interface HeldPolicy extends OrgPolicy {
  receivedAt: string;
}

const HeldSchema = OrgPolicySchema.extend({ receivedAt: z.string() });

export class OrgPolicyStore {
  constructor(private readonly db: StoreDb) {}

  current(): HeldPolicy | null {
    const raw = getState(this.db, ORG_POLICY_KEY);
    if (raw === null) return null;
    const parsed = HeldSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** Stores the policy; true when it differs from the one held. */
  save(p: OrgPolicy, now: Date): boolean {
    const before = this.current();
    const same = before !== null && before.autoLockMinutes === p.autoLockMinutes && before.offlineGrantHours === p.offlineGrantHours
      && before.syncIntervalSeconds === p.syncIntervalSeconds && before.cdsSuppressionHours === p.cdsSuppressionHours;
    const held: HeldPolicy = { ...OrgPolicySchema.parse(p), receivedAt: now.toISOString() };
    this.db.write(() => setState(this.db, ORG_POLICY_KEY, JSON.stringify(held)));
    return !same;
  }
}
