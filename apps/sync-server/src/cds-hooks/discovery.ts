/**
 * `GET /cds-services`: the discovery document (https://cds-hooks.hl7.org/2.0/#discovery), straight
 * from the engine's `CDS_SERVICES` (order-select and order-sign, with their prefetch templates).
 * It holds no PHI, so like FHIR's /metadata it needs no sign-in. Each service carries the knowledge
 * base's version and review-by date in the extension `lantern.knowledgeBase`
 * (https://cds-hooks.hl7.org/2.0/#extensions); past the review date its description says that
 * decision support is out of date.
 */
import {
  CDS_SERVICES, defaultKnowledgeBase, knowledgeBaseStatus, staleKnowledgeBaseMessage,
  type CdsServiceDefinition, type KnowledgeBase, type KnowledgeBaseStatus,
} from '@lantern/core/cds';

export type DiscoveredService = CdsServiceDefinition & { extension: { 'lantern.knowledgeBase': KnowledgeBaseStatus } };

export const discoveryDocument = (now: Date = new Date(), kb: KnowledgeBase = defaultKnowledgeBase()): { services: readonly DiscoveredService[] } => {
  const status = knowledgeBaseStatus(kb, now.toISOString());
  return {
    services: CDS_SERVICES.map((s) => ({
      ...s,
      description: status.stale ? `${staleKnowledgeBaseMessage(status)} ${s.description}` : s.description,
      extension: { 'lantern.knowledgeBase': status },
    })),
  };
};

export const findService = (id: string): CdsServiceDefinition | undefined => CDS_SERVICES.find((s) => s.id === id);
