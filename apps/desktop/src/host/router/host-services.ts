/** Everything the host router works with, built once per launch (see host/serve/start-workstation.ts). */
import type { WritableStore } from '../store/local-store.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { AuditSink } from '../session/audit-sink.ts';
import type { SyncLoop } from '../sync/sync-loop.ts';

export interface HostServices {
  store: WritableStore;
  session: SessionManager;
  sync: SyncLoop;
  audit: AuditSink;
  deviceId: string;
  uuid: () => string;
  now: () => Date;
}
