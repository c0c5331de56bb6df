/**
 * HTTP details of the FHIR RESTful API (http://hl7.org/fhir/R4/http.html): the base URL,
 * versioned ETags, Last-Modified, the Prefer header and the reply format.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from './outcome.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export interface FhirReply {
  status: number;
  headers?: Record<string, string>;
  /** A JSON string (bodies are often spliced from stored JSON text), an object, a file stream, or nothing. */
  body?: string | object | Readable | null;
  contentType?: string;
}

export interface Prefer {
  return: 'minimal' | 'representation' | 'OperationOutcome' | null;
  respondAsync: boolean;
  strict: boolean;
}

/** http://hl7.org/fhir/R4/http.html#ops and #2.21.0.5.2 (handling). */
export function parsePrefer(header: string | string[] | undefined): Prefer {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const out: Prefer = { return: null, respondAsync: false, strict: false };
  for (const part of text.split(/[,;]/)) {
    const [k, v] = part.trim().split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k === 'return' && (v === 'minimal' || v === 'representation' || v === 'OperationOutcome')) out.return = v;
    else if (k === 'respond-async') out.respondAsync = true;
    else if (k === 'handling') out.strict = v === 'strict';
  }
  return out;
}

/** `W/"3"`: the weak ETag of version 3 (http://hl7.org/fhir/R4/http.html#versioning). */
export const etag = (version: number | string): string => `W/"${version}"`;

/** If-Match: `W/"3"` or `"3"`; null when absent. */
export function parseIfMatch(header: string | string[] | undefined): number | null {
  if (header === undefined) return null;
  const text = Array.isArray(header) ? (header[0] ?? '') : header;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(text);
  if (m === null) throw badRequest('If-Match', 'must be a version ETag such as W/"3"');
  return Number(m[1]);
}

export const httpDate = (iso: string): string => new Date(iso).toUTCString();

/** The FHIR base of this request, as the client addressed the server. */
export function fhirBase(req: FastifyRequest, prefix: string): string {
  return `${req.protocol}://${req.host}${prefix}`;
}

export function versionHeaders(version: number, lastUpdated: string): Record<string, string> {
  return { etag: etag(version), 'last-modified': httpDate(lastUpdated) };
}

export async function send(reply: FastifyReply, r: FhirReply): Promise<void> {
  void reply.status(r.status);
  for (const [k, v] of Object.entries(r.headers ?? {})) void reply.header(k, v);
  if (r.body === undefined || r.body === null) {
    await reply.send();
    return;
  }
  void reply.header('content-type', r.contentType ?? FHIR_JSON);
  await reply.send(typeof r.body === 'string' || r.body instanceof Readable ? r.body : JSON.stringify(r.body));
}
