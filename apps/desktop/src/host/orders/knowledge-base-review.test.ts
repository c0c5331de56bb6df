import { describe, expect, it } from 'vitest';
import { reviewedKnowledgeBaseStatus } from './knowledge-base-review.ts';

const kb = { version: '2026.12.0', reviewBy: '2027-06-30' };
const today = new Date('2026-12-04T09:00:00Z');

describe('knowledge-base status on the workstation', () => {
  it('is current before its review-by date, with no override', () => {
    expect(reviewedKnowledgeBaseStatus(kb, today, undefined)).toEqual({ version: '2026.12.0', reviewBy: '2027-06-30', stale: false });
  });

  it('a workstation configured with an older review-by date shows decision support as out of date', () => {
    expect(reviewedKnowledgeBaseStatus(kb, today, '2026-06-30')).toEqual({ version: '2026.12.0', reviewBy: '2026-06-30', stale: true });
  });

  it('an override can never make an out-of-date knowledge base look current', () => {
    const late = new Date('2027-08-01T09:00:00Z');
    expect(reviewedKnowledgeBaseStatus(kb, late, '2030-01-01')).toEqual({ version: '2026.12.0', reviewBy: '2027-06-30', stale: true });
  });
});
