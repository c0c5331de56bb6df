/**
 * The organisation's hold on this workstation, exercised on every sync (workstation.report on the
 * server): the workstation tells it its app and knowledge-base versions and how many writes are not
 * yet synced, and applies what it hears back, the central workstation policy (auto-lock, offline
 * grant, sync interval, CDS suppression window: HIPAA 164.312(a)(2)(iii), 164.310(b)), a pending
 * remote wipe, and whether the user must change their password.
 */
import { LanternError } from '@lantern/core';
import type { StoreDb } from '../store/store-db.ts';
import { OrgPolicyStore, type HeldPolicy } from './org-policy.ts';
import { wipedAt, wipeStore } from './remote-wipe.ts';
import type { ServerApi } from './server-api.ts';
import type { WorkstationControlHook } from './sync-loop.ts';

export interface WorkstationControlOptions {
  db: StoreDb;
  api: Pick<ServerApi, 'report' | 'confirmWipe'>;
  appVersion: string;
  kbVersion: string;
  now: () => Date;
  /** The policy held changed (or was first heard): apply it to the session and the loop. */
  onPolicy: (p: HeldPolicy) => void;
  /** The server says the signed-in user must change their password before anything else. */
  onMustChangePassword: (must: boolean) => void;
  /** The store was purged: end the session. */
  onWiped: () => Promise<void>;
  log?: (msg: string) => void;
}

export class WorkstationControl implements WorkstationControlHook {
  readonly #o: WorkstationControlOptions;
  readonly #policies: OrgPolicyStore;

  constructor(o: WorkstationControlOptions) {
    this.#o = o;
    this.#policies = new OrgPolicyStore(o.db);
  }

  /** The organisation's policy as last heard, or null before any server has said. */
  policy(): HeldPolicy | null {
    return this.#policies.current();
  }

  /** When the organisation wiped this workstation, or null. */
  wipedAt(): string | null {
    return wipedAt(this.#o.db);
  }

  /** Applies the held policy at start, before any sync (a workstation started offline keeps it). */
  applyHeld(): void {
    const held = this.policy();
    if (held !== null) this.#o.onPolicy(held);
  }

  async report(accessToken: string, pendingCount: number): Promise<{ wipe: boolean; mustChangePassword: boolean }> {
    const report = this.#o.api.report;
    if (report === undefined) return { wipe: false, mustChangePassword: false };
    const r = await report(accessToken, { appVersion: this.#o.appVersion, kbVersion: this.#o.kbVersion, pendingCount });
    if (this.#policies.save(r.policy, this.#o.now())) {
      const held = this.policy();
      if (held !== null) this.#o.onPolicy(held);
      this.#o.log?.(`workstation policy applied (updated ${r.policy.updatedAt})`);
    }
    this.#o.onMustChangePassword(r.mustChangePassword);
    return { wipe: r.wipe, mustChangePassword: r.mustChangePassword };
  }

  async wipe(accessToken: string): Promise<void> {
    const summary = wipeStore(this.#o.db, this.#o.now());
    this.#o.log?.(`store wiped: ${summary.patients} charts removed, ${summary.keptUnsynced} unsynced writes kept`);
    try {
      await this.#o.api.confirmWipe?.(accessToken, summary.keptUnsynced);
    } catch (e) {
      // The store is already purged; the server asks again at the next contact and hears it then.
      this.#o.log?.(`wipe confirmation not delivered: ${e instanceof LanternError ? e.code : 'error'}`);
    }
    await this.#o.onWiped();
  }
}
