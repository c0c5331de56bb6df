import { createElement, lazy, type ComponentType } from 'react';

export interface PreloadableLazy<P extends object> {
  /** Renders the module's component: at once when it has loaded, through React.lazy (suspending) before. */
  Component: ComponentType<P>;
  /** Loads the module (once; a failed load can be retried). Resolves when the component can render without suspending. */
  load: () => Promise<unknown>;
}

/**
 * React.lazy that stops suspending once its module has loaded. A plain lazy component suspends on its
 * first render even when its chunk was fetched and run long before (its factory's promise settles a tick
 * later), and React 19 then holds the boundary's content back for up to 300 ms after the fallback showed
 * (its FALLBACK_THROTTLE_MS). The signed-in shell, loaded while the clinician typed the password, would
 * still appear up to 0.3 s after sign-in; with this it renders in the same commit as the new session.
 */
export function preloadableLazy<P extends object>(factory: () => Promise<{ default: ComponentType<P> }>): PreloadableLazy<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const load = (): Promise<{ default: ComponentType<P> }> => {
    loading ??= factory().then(
      (m) => {
        loaded = m.default;
        return m;
      },
      (e: unknown) => {
        loading = null;
        throw e;
      },
    );
    return loading;
  };
  const Lazy = lazy(load);
  function Preloadable(props: P) {
    return createElement(loaded ?? Lazy, props);
  }
  return { Component: Preloadable, load };
}
