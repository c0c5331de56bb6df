/** Where the SMART authorization server lives on the sync server (plugin.ts mounts it). */
export const SMART_PREFIX = '/smart';
export const INTERACTION_PATH = `${SMART_PREFIX}/interaction`;

/** The issuer (authorization server) for a request origin such as http://127.0.0.1:4000. */
export const issuerOf = (origin: string): string => `${origin}${SMART_PREFIX}`;
/** The FHIR base, the one resource SMART tokens are for. */
export const fhirBaseOf = (origin: string): string => `${origin}/fhir/R4`;
