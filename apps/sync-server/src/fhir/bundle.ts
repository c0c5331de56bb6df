/**
 * Bundles (http://hl7.org/fhir/R4/bundle.html) assembled as text: stored resources come out of
 * Postgres as JSON text and are spliced in unparsed, so a chart of thousands of resources is
 * answered without a parse/serialize round trip.
 */
import { randomUUID } from 'node:crypto';

export interface RawEntry {
  fullUrl?: string;
  /** The resource as JSON text, or null (a deleted version in a history). */
  json: string | null;
  search?: 'match' | 'include' | 'outcome';
  request?: { method: string; url: string };
  response?: { status: string; location?: string; etag?: string; lastModified?: string; outcome?: object };
}

export interface BundleLink { relation: string; url: string }

/** One entry as JSON text. */
export function entryText(e: RawEntry): string {
  const fields: string[] = [];
  if (e.fullUrl !== undefined) fields.push(`"fullUrl":${JSON.stringify(e.fullUrl)}`);
  if (e.json !== null) fields.push(`"resource":${e.json}`);
  if (e.search !== undefined) fields.push(`"search":{"mode":"${e.search}"}`);
  if (e.request !== undefined) fields.push(`"request":${JSON.stringify(e.request)}`);
  if (e.response !== undefined) fields.push(`"response":${JSON.stringify(e.response)}`);
  return `{${fields.join(',')}}`;
}

/** `rawEntries`: further entries already assembled as JSON text (comma-separated), appended last. */
export function bundleText(b: { type: string; total?: number; links?: BundleLink[]; entries: RawEntry[]; rawEntries?: string; now: Date }): string {
  const head: Record<string, unknown> = { resourceType: 'Bundle', id: randomUUID(), meta: { lastUpdated: b.now.toISOString() }, type: b.type };
  if (b.total !== undefined) head['total'] = b.total;
  if (b.links !== undefined && b.links.length > 0) head['link'] = b.links;
  const headText = JSON.stringify(head);
  const parts = b.entries.map(entryText);
  if (b.rawEntries !== undefined && b.rawEntries !== '') parts.push(b.rawEntries);
  if (parts.length === 0) return headText;
  return `${headText.slice(0, -1)},"entry":[${parts.join(',')}]}`;
}

/** Paging links of a searchset: self, first, previous and next (http://hl7.org/fhir/R4/http.html#paging). */
export function pageLinks(url: string, params: [string, string][], offset: number, count: number, hasNext: boolean): BundleLink[] {
  const mk = (off: number): string => {
    const q = new URLSearchParams(params);
    q.set('_count', String(count));
    if (off > 0) q.set('_offset', String(off));
    return `${url}?${q.toString()}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: mk(offset) }, { relation: 'first', url: mk(0) }];
  if (offset > 0) links.push({ relation: 'previous', url: mk(Math.max(0, offset - count)) });
  if (hasNext) links.push({ relation: 'next', url: mk(offset + count) });
  return links;
}
