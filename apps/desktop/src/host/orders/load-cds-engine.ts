/**
 * The CDS engine and its knowledge base (cds-engine.ts), loaded on first use and shared: a call that
 * arrives while it loads waits for the same load. The host (browser mode and Electron alike) warms it
 * in the background once the workstation is idle after sign-in (serve/cds-idle-warmup.ts), so the
 * first order screen does not wait for it either.
 */
// A type-only import: erased from the output, so it does not load the engine.
import type * as Engine from './cds-engine.ts';

type CdsEngine = typeof Engine;

let loading: Promise<CdsEngine> | null = null;

export function loadCdsEngine(): Promise<CdsEngine> {
  if (loading === null) {
    const attempt = import('./cds-engine.ts');
    loading = attempt;
    // A failed load (a chunk missing after an update) is tried again by the next call, not kept.
    attempt.catch(() => {
      if (loading === attempt) loading = null;
    });
  }
  return loading;
}

/**
 * Loads the engine and builds the default knowledge base (its indexes are built on first use: about a
 * tenth of a second of CPU), which the first order screen would otherwise pay.
 */
export async function warmCdsEngine(): Promise<void> {
  const engine = await loadCdsEngine();
  // The build runs in one piece: let requests that arrived during the load go first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  engine.defaultKnowledgeBase();
}
