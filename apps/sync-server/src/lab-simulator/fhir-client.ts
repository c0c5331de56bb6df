/**
 * The lab's FHIR client: requests go through the server's own HTTP stack (Fastify `inject`, the
 * same routing, authentication, access policy, validation and audit as a request over the wire),
 * so results enter exactly the way a real lab interface would send them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const FHIR_BASE = '/fhir/R4';

export interface FhirAnswer {
  status: number;
  body: unknown;
  location: string | null;
}

export class LabFhirClient {
  constructor(private readonly app: FastifyInstance, private readonly token: () => Promise<string>) {}

  async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<FhirAnswer> {
    const res = await this.app.inject({
      method,
      url: `${FHIR_BASE}${path}`,
      headers: { authorization: `Bearer ${await this.token()}`, accept: 'application/fhir+json', ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const loc = res.headers['location'];
    return { status: res.statusCode, body: res.body === '' ? null : (JSON.parse(res.body) as unknown), location: typeof loc === 'string' ? loc : null };
  }
}

/** `Type/id` out of a Location header (`.../Type/id/_history/n`). */
export function idFromLocation(location: string | null, type: string): string | null {
  if (location === null) return null;
  const m = new RegExp(`${type}/([A-Za-z0-9\\-.]{1,64})`).exec(location);
  return m?.[1] ?? null;
}

/** The parts of a Patient the lab needs for age- and sex-specific ranges. */
export const PatientFacts = z.looseObject({ gender: z.string().optional(), birthDate: z.string().optional() });
