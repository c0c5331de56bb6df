import { describe, expect, it } from 'vitest';
import { KB_REVIEW_BY, KB_VERSION } from './kb/data.ts';
import { defaultKnowledgeBase } from './knowledge-base.ts';
import { knowledgeBaseStatus, staleKnowledgeBaseMessage } from './knowledge-base-status.ts';

describe('knowledge base status', () => {
  const kb = defaultKnowledgeBase();

  it('carries the version and the review-by date of the shipped knowledge base', () => {
    expect(knowledgeBaseStatus(kb, '2026-12-03T12:00:00Z')).toEqual({ version: KB_VERSION, reviewBy: KB_REVIEW_BY, stale: false });
  });

  it('is current through the whole review-by day (UTC) and stale from the next day', () => {
    expect(knowledgeBaseStatus({ version: 'x', reviewBy: '2027-06-01' }, '2027-06-01T23:59:59Z').stale).toBe(false);
    expect(knowledgeBaseStatus({ version: 'x', reviewBy: '2027-06-01' }, '2027-06-02T00:00:00Z').stale).toBe(true);
  });

  it('an unreadable clock counts as stale (never silently current)', () => {
    expect(knowledgeBaseStatus(kb, 'not a date').stale).toBe(true);
  });

  it('the stale message names the version and date and tells the prescriber to check by hand', () => {
    const m = staleKnowledgeBaseMessage({ version: '2026.12.0', reviewBy: '2027-06-01', stale: true });
    expect(m).toContain('out of date');
    expect(m).toContain('2026.12.0');
    expect(m).toContain('2027-06-01');
  });
});
