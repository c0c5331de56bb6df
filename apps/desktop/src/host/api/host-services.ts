/** Everything the host router works with, built once per launch (see host/serve/start-workstation.ts). */
import type { WritableStore } from '../store/local-store.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { AuditSink } from '../session/audit-sink.ts';
import type { SyncLoop } from '../sync/sync-loop.ts';
import type { RecentViews } from '../patients/recent-views.ts';
import type { ClinicalServices } from './clinical-services.ts';

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
  uuid: () => string;
  now: () => Date;
}
