/** What the workstation knows about updates, as the renderer shows it (banner, admin screen). */
import type { UpdateChannel } from '@lantern/core/workstation-version';

export type UpdateState =
  | { state: 'none' }
  | { state: 'available'; version: string }
  | { state: 'downloaded'; version: string }
  | { state: 'refused'; version: string; reason: string };

export interface UpdateStatus {
  currentVersion: string;
  channel: UpdateChannel;
  update: UpdateState;
  /** The server refused this version: the words to show, with the minimum it named. */
  updateRequired: { minimumVersion: string | null; message: string } | null;
  lastCheckedAt: string | null;
}
