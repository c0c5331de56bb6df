/** Everything the host router works with, built once per launch (see host/serve/start-workstation.ts). */
import type { WritableStore } from '../store/local-store.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { AuditSink } from '../session/audit-sink.ts';
import type { SyncLoop } from '../sync/sync-loop.ts';
import type { RecentViews } from '../patients/recent-views.ts';
import type { ClinicalServices } from './clinical-services.ts';
import type { WorkstationControl } from '../sync/workstation-control.ts';
import type { MachineSettings } from '../machine-policy/machine-settings.ts';
import type { WorkstationUpdates } from '../updates/workstation-updates.ts';

export interface HostServices {
  store: WritableStore;
  session: SessionManager;
  sync: SyncLoop;
  audit: AuditSink;
  /** Chart views recently audited, so a refresh of the open chart is not logged as a new view. */
  recentViews: RecentViews;
  /** Note drafts and signing keys, break-glass grants. */
  clinical: ClinicalServices;
  deviceId: string;
  /** The organisation's policy and remote wipe, heard on sync (absent in tests that do not sync). */
  workstation?: WorkstationControl;
  uuid: () => string;
  now: () => Date;
  /** An earlier review-by date for the CDS knowledge base (LANTERN_CDS_KB_REVIEW_BY; orders/knowledge-base-review.ts). */
  knowledgeBaseReviewBy?: string;
  /** What IT set for this machine (machine-policy/), absent in tests that build services by hand. */
  machine?: MachineSettings;
  /** Update checks, downloads and the server's version refusal (updates/); absent in tests that build services by hand. */
  updates?: WorkstationUpdates;
}
