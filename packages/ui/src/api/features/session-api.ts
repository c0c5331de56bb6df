import type { HostIn, HostOut } from '../host-contract.ts';

export type SessionState = HostOut['session']['current'];

/** session.*: sign-in (online or offline), sign-out, lock and unlock. */
export interface SessionApi {
  current(): Promise<SessionState>;
  signIn(input: HostIn['session']['signIn']): Promise<HostOut['session']['signIn']>;
  signOut(): Promise<HostOut['session']['signOut']>;
  /** This user's changes not yet accepted by the server: queued to push, or refused and waiting in the inbox. */
  unsyncedCount(): Promise<HostOut['session']['unsyncedCount']>;
  lock(): Promise<HostOut['session']['lock']>;
  unlock(input: HostIn['session']['unlock']): Promise<HostOut['session']['unlock']>;
  /** What the organisation set for this workstation (policy heard on sync) and whether it wiped it. */
  organisation?(): Promise<HostOut['session']['organisation']>;
  /** Sets the user's own password after an administrator's reset (the server checks the current one). */
  changePassword?(input: HostIn['session']['changePassword']): Promise<HostOut['session']['changePassword']>;
  /** Signed in offline and the server answers again: the same user signs in online without signing out. */
  reconnect?(input: HostIn['session']['reconnect']): Promise<HostOut['session']['reconnect']>;
  /** Keyboard or pointer input happened (the host keeps its own idle check); fire and forget. */
  activity(): void;
}
