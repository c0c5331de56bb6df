/**
 * `GET /cds-services`: the discovery document (https://cds-hooks.hl7.org/2.0/#discovery), straight
 * from the engine's `CDS_SERVICES` (order-select and order-sign, with their prefetch templates).
 * It holds no PHI, so like FHIR's /metadata it needs no sign-in.
 */
import { CDS_SERVICES, type CdsServiceDefinition } from '@lantern/core/cds';

export const discoveryDocument = (): { services: readonly CdsServiceDefinition[] } => ({ services: CDS_SERVICES });

export const findService = (id: string): CdsServiceDefinition | undefined => CDS_SERVICES.find((s) => s.id === id);
