/**
 * axe-core on the current screen in both colour schemes: no serious or critical violations
 * (WCAG 2.2 AA rules, colour contrast included) in light and in dark. Every screen's spec calls it.
 */
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** `details`: the first nodes' markup and axe's reason (colours and ratio for contrast), so a failure in CI explains itself. */
export interface Violation { id: string; impact: string | null; nodes: number; targets: string[]; details: string[] }

/** What axe-core's script puts on the page (the part used here). */
declare global {
  interface Window {
    axe?: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[] }> };
  }
}

/** axe-core's violations on the page as it is now (the script is injected once per page). */
export async function runAxe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  // A dialog fading out (or any other finite transition) is judged at its end state, not mid-fade with
  // half-transparent text; endless animations (loaders) are left running.
  // (At most 2 s: a paused animation never finishes.)
  await page.evaluate(() => Promise.race([
    Promise.all(document.getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => undefined))),
    new Promise((r) => setTimeout(r, 2_000)),
  ]));
  return page.evaluate(async () => {
    const axe = window.axe;
    if (axe === undefined) throw new Error('axe-core did not load');
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => String(n.target[0])),
      details: v.nodes.slice(0, 3).map((n) => `${n.html.slice(0, 160)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`),
    }));
  });
}

/** Sets Mantine's colour scheme attribute directly (what the theme toggle does), without persisting it. */
async function setScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
  // Let styles apply before axe reads computed colours.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
}

export async function expectNoSeriousA11y(page: Page, screen = 'screen'): Promise<void> {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme') ?? 'light');
  // The screen at rest: no tooltip left open (or half faded) under the pointer from the last click.
  await page.mouse.move(1, (page.viewportSize()?.height ?? 900) - 1);
  await page.waitForTimeout(400);
  try {
    for (const scheme of ['light', 'dark'] as const) {
      await setScheme(page, scheme);
      const bad = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad, `${screen} (${scheme}): serious/critical axe violations`).toEqual([]);
    }
  } finally {
    await setScheme(page, before === 'dark' ? 'dark' : 'light');
  }
}
