/**
 * The knowledge-base status the order screens show (core's `knowledgeBaseStatus`), with the
 * workstation's optional review-by override (`LANTERN_CDS_KB_REVIEW_BY`, read in serve/env.ts):
 * a training or test workstation can run as if its knowledge base were older, to show clinicians
 * what an out-of-date decision support looks like. The override can only bring the review-by date
 * earlier, never later: no setting can hide that a knowledge base is out of date.
 */
import { knowledgeBaseStatus, type KnowledgeBase, type KnowledgeBaseStatus } from '@lantern/core/cds';

export function reviewedKnowledgeBaseStatus(kb: Pick<KnowledgeBase, 'version' | 'reviewBy'>, now: Date, reviewByOverride: string | undefined): KnowledgeBaseStatus {
  // YYYY-MM-DD strings order as dates.
  const reviewBy = reviewByOverride !== undefined && reviewByOverride < kb.reviewBy ? reviewByOverride : kb.reviewBy;
  return knowledgeBaseStatus({ version: kb.version, reviewBy }, now.toISOString());
}
