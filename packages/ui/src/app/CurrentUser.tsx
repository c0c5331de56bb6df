import { createContext, useContext, type ReactNode } from 'react';
import type { SessionUser } from '@lantern/core';

export interface CurrentUser {
  user: SessionUser;
  mode: 'online' | 'offline';
  lock(): void;
  signOut(): void;
}

const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ value, children }: { value: CurrentUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={value}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user, whether the session is offline, and the lock / sign-out actions. Only inside the signed-in shell. */
export function useCurrentUser(): CurrentUser {
  const v = useContext(CurrentUserContext);
  if (v === null) throw new Error('useCurrentUser must be used inside the signed-in shell');
  return v;
}
