/**
 * Whether the knowledge base is still within its review date. A knowledge base past its
 * review-by date keeps working (stale advice beats none) but every order screen and the CDS Hooks
 * discovery say that decision support is out of date.
 */
import type { KnowledgeBase } from './knowledge-base.ts';

export interface KnowledgeBaseStatus {
  version: string;
  /** YYYY-MM-DD. */
  reviewBy: string;
  /** True from the day after `reviewBy` (UTC), or when `nowIso` is not a valid instant. */
  stale: boolean;
}

export function knowledgeBaseStatus(kb: Pick<KnowledgeBase, 'version' | 'reviewBy'>, nowIso: string): KnowledgeBaseStatus {
  const now = Date.parse(nowIso);
  // The review-by date is inclusive: the knowledge base is current through the end of that UTC day.
  const endOfReviewDay = Date.parse(`${kb.reviewBy}T23:59:59.999Z`);
  const stale = !Number.isFinite(now) || !Number.isFinite(endOfReviewDay) || now > endOfReviewDay;
  return { version: kb.version, reviewBy: kb.reviewBy, stale };
}

/** The sentence order screens and the CDS Hooks discovery show when the knowledge base is stale. */
export const staleKnowledgeBaseMessage = (s: KnowledgeBaseStatus): string =>
  `Decision support is out of date: knowledge base ${s.version} was due for review by ${s.reviewBy}. Check doses, interactions and allergies by hand.`;
