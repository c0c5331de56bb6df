/**
 * The README states the knowledge base's figures (interaction pairs by severity, RXCUIs confirmed
 * and unconfirmed); they are recomputed here from the data so the README cannot drift.
 * To update: print `readmeFigures()` (see tools/kb-counts.ts) and paste it between the markers.
 */
import { describe, expect, it } from 'vitest';
import README from '../README.md?raw';
import { defaultKnowledgeBase } from '../knowledge-base.ts';
import { interactionPairCounts, readmeFigures, rxcuiCounts } from './tools/kb-counts.ts';

describe('knowledge base figures in the CDS README', () => {
  it('the README holds exactly the figures computed from the data', () => {
    const start = README.indexOf('<!-- kb-figures:start');
    const end = README.indexOf('<!-- kb-figures:end -->');
    expect(start).toBeGreaterThan(0);
    expect(README.slice(start, end + '<!-- kb-figures:end -->'.length)).toBe(readmeFigures());
  });

  it('counts every ingredient pair of the pair table once, split by the severity a card would show', () => {
    const kb = defaultKnowledgeBase();
    const { all, beyondOnc } = interactionPairCounts(kb);
    expect(all.total).toBe(kb.pairs.size);
    expect(all.critical + all.warning + all.info).toBe(all.total);
    expect(beyondOnc.critical).toBe(0);
    expect(all.critical).toBeGreaterThan(900);
  });

  it('counts every checked RXCUI as confirmed or unconfirmed', () => {
    const rx = rxcuiCounts();
    expect(rx.confirmed + rx.unconfirmed.length).toBe(rx.checked);
    expect(rx.checked).toBeGreaterThan(500);
  });
});
