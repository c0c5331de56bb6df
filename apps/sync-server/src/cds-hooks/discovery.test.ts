import { describe, expect, it } from 'vitest';
import { defaultKnowledgeBase, KB_REVIEW_BY } from '@lantern/core/cds';
import { discoveryDocument } from './discovery.ts';

describe('CDS Hooks discovery: knowledge base currency', () => {
  it('before the review-by date, each service carries the knowledge base version and is not marked out of date', () => {
    const doc = discoveryDocument(new Date('2026-12-03T12:00:00Z'));
    for (const s of doc.services) {
      expect(s.extension['lantern.knowledgeBase']).toEqual({ version: defaultKnowledgeBase().version, reviewBy: KB_REVIEW_BY, stale: false });
      expect(s.description).not.toContain('out of date');
    }
  });

  it('past the review-by date, an integrator reading discovery sees that decision support is out of date', () => {
    const after = new Date(Date.parse(`${KB_REVIEW_BY}T00:00:00Z`) + 2 * 86_400_000);
    for (const s of discoveryDocument(after).services) {
      expect(s.extension['lantern.knowledgeBase'].stale).toBe(true);
      expect(s.description).toMatch(/^Decision support is out of date/);
    }
  });
});
