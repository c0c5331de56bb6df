/**
 * The README's "Knowledge base" table is recomputed from the data here, so it cannot drift.
 * To update: print `contentCountsTable(defaultKnowledgeBase())` and paste it between the markers.
 */
import { describe, expect, it } from 'vitest';
import README from '../README.md?raw';
import { defaultKnowledgeBase } from '../knowledge-base.ts';
import { CONTENT_END, CONTENT_START, contentCounts, contentCountsTable } from './content-counts.ts';

describe('knowledge base content counts in the CDS README', () => {
  const kb = defaultKnowledgeBase();

  it('the README table equals the figures computed from the data', () => {
    const start = README.indexOf(CONTENT_START);
    const end = README.indexOf(CONTENT_END);
    expect(start, 'README has the content-counts block').toBeGreaterThan(0);
    expect(README.slice(start, end + CONTENT_END.length)).toBe(contentCountsTable(kb));
  });

  it('meets the floor the medication-safety work promised: 25 drug-disease pairs, a dose sentence for each suggested drug', () => {
    const c = contentCounts(kb);
    expect(c.drugDiseaseEntries).toBeGreaterThanOrEqual(25);
    expect(c.drugDiseaseBySeverity.critical + c.drugDiseaseBySeverity.warning + c.drugDiseaseBySeverity.info).toBe(c.drugDiseaseEntries);
    expect(c.renalByMeasure.crcl + c.renalByMeasure.egfr).toBe(c.renalEntries);
    expect(c.doseSentences).toBeGreaterThan(40);
  });
});
