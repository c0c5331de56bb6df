import { createContext, useContext, type ReactNode } from 'react';

/** Moves the signed-in shell to an absolute path (`/patients`, `chartPath(...)`). */
export type ShellNavigate = (to: string) => void;

const ShellNavigationContext = createContext<ShellNavigate | null>(null);

/**
 * The shell's frame (top bar, patient search) moves with this instead of react-router's `useNavigate`:
 * that hook reads the route context, which changes on every navigation, so each chart tab switch would
 * re-render the whole top bar. This one is the router's own `navigate`, the same function for the session.
 */
export function ShellNavigationProvider({ navigate, children }: { navigate: ShellNavigate; children: ReactNode }) {
  return <ShellNavigationContext.Provider value={navigate}>{children}</ShellNavigationContext.Provider>;
}

/** Only inside the signed-in shell. */
export function useShellNavigate(): ShellNavigate {
  const n = useContext(ShellNavigationContext);
  if (n === null) throw new Error('useShellNavigate must be used inside the signed-in shell');
  return n;
}
