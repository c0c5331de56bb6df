import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import { List, Text } from '@mantine/core';
import { ConfirmDialog } from './ConfirmDialog.tsx';

interface Guard { message: string; scope: string }
interface Registry {
  set(id: string, guard: Guard | null): void;
}

const RegistryContext = createContext<Registry | null>(null);
/** The path prefix inside which moving around loses nothing (e.g. a chart's tabs stay mounted). */
const ScopeContext = createContext<string>('');

/**
 * Declares unsaved work: while `dirty`, leaving the screen by a link, Back, or closing the window asks
 * first ("Leave without saving?" / "Stay"), showing `message`. Inside a chart, moving between that
 * chart's tabs is not leaving (its tabs stay mounted); opening another patient or the finder is.
 * Outside a LeaveGuardProvider (component tests) it does nothing.
 */
export function useLeaveGuard(dirty: boolean, message: string): void {
  const id = useId();
  const registry = useContext(RegistryContext);
  const scope = useContext(ScopeContext);
  useEffect(() => {
    if (registry === null) return undefined;
    registry.set(id, dirty ? { message, scope } : null);
    return () => registry.set(id, null);
  }, [registry, id, dirty, message, scope]);
}

/** Marks a subtree whose guards do not fire for moves that stay under `prefix` (a path such as `/patients/<id>/`). */
export function LeaveGuardScope({ prefix, children }: { prefix: string; children: ReactNode }) {
  return <ScopeContext.Provider value={prefix}>{children}</ScopeContext.Provider>;
}

/** Mounted once inside the router (the app shell): one blocker for every guard (react-router allows one). */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const [guards, setGuards] = useState<ReadonlyMap<string, Guard>>(new Map());
  const set = useCallback((id: string, guard: Guard | null) => {
    setGuards((prev) => {
      if (guard === null && !prev.has(id)) return prev;
      const next = new Map(prev);
      if (guard === null) next.delete(id);
      else next.set(id, guard);
      return next;
    });
  }, []);
  const registry = useMemo<Registry>(() => ({ set }), [set]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    currentLocation.pathname !== nextLocation.pathname
    && [...guards.values()].some((g) => g.scope === '' || !nextLocation.pathname.startsWith(g.scope)));
  const dirty = guards.size > 0;
  useEffect(() => {
    if (!dirty) return undefined;
    // Closing or reloading the window with unsaved work: the browser asks (its own wording).
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);
  const messages = [...new Set([...guards.values()].map((g) => g.message))];
  return (
    <RegistryContext.Provider value={registry}>
      {children}
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title="Leave without saving?"
        confirmLabel="Leave without saving"
        cancelLabel="Stay"
        danger
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        <Text size="sm">This screen has work that is not saved or signed:</Text>
        <List size="sm" mt={4}>{messages.map((m) => <List.Item key={m}>{m}</List.Item>)}</List>
      </ConfirmDialog>
    </RegistryContext.Provider>
  );
}
