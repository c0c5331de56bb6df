/**
 * FHIR date search values (http://hl7.org/fhir/R4/search.html#date): a prefix and a date whose
 * precision gives it an implicit range, e.g. `ge2026-11` is [2026-11-01, 2026-12-01).
 */
import { badRequest } from '../outcome.ts';

export const DATE_PREFIXES = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb', 'ap'] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];

export interface DateValue {
  prefix: DatePrefix;
  /** Inclusive lower bound, exclusive upper bound (ISO instants). */
  low: string;
  high: string;
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Parses `[prefix]date`; `param` names the parameter in the 400 a bad value gets. */
export function parseDateValue(param: string, raw: string, now: Date): DateValue {
  const m = /^(eq|ne|lt|gt|le|ge|sa|eb|ap)?(.*)$/.exec(raw);
  const prefix = (m?.[1] ?? 'eq') as DatePrefix;
  const text = m?.[2] ?? '';
  const d = DATE_RE.exec(text);
  if (d === null) throw badRequest(param, `'${raw.slice(0, 40)}' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a time zone)`);
  const [, y, mo, da, h, mi, s, frac, tz] = d;
  if (h !== undefined && tz === undefined) throw badRequest(param, 'a dateTime needs a time zone (Z or +hh:mm)');
  if ((mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) || (da !== undefined && (Number(da) < 1 || Number(da) > 31))
    || (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59))) {
    throw badRequest(param, `'${raw.slice(0, 40)}' is not a valid date`);
  }
  let low: Date;
  let high: Date;
  if (mo === undefined) {
    low = new Date(Date.UTC(Number(y), 0, 1));
    high = new Date(Date.UTC(Number(y) + 1, 0, 1));
  } else if (da === undefined) {
    low = new Date(Date.UTC(Number(y), Number(mo) - 1, 1));
    high = new Date(Date.UTC(Number(y), Number(mo), 1));
  } else if (h === undefined) {
    low = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da)));
    high = new Date(low.getTime() + 86_400_000);
  } else {
    low = new Date(`${y}-${mo}-${da}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz === 'Z' ? 'Z' : tz}`);
    high = new Date(low.getTime() + (frac !== undefined ? 1 : s === undefined ? 60_000 : 1000));
  }
  if (Number.isNaN(low.getTime()) || Number.isNaN(high.getTime())) throw badRequest(param, `'${raw.slice(0, 40)}' is not a valid date`);
  if (prefix === 'ap') {
    // "Approximately": within 10% of the distance between the value and now (at least a day).
    const slack = Math.max(86_400_000, Math.abs(now.getTime() - low.getTime()) * 0.1);
    low = new Date(low.getTime() - slack);
    high = new Date(high.getTime() + slack);
  }
  return { prefix, low: low.toISOString(), high: high.toISOString() };
}

/**
 * SQL comparing a target range [tl, th) with a search range [$pl, $ph), per the prefix definitions
 * of http://hl7.org/fhir/R4/search.html#prefix.
 */
export function dateCondition(prefix: DatePrefix, tl: string, th: string, pl: string, ph: string): string {
  const eq = `(${tl} >= ${pl} AND ${th} <= ${ph})`;
  switch (prefix) {
    case 'eq':
      return eq;
    case 'ne':
      return `NOT ${eq}`;
    case 'gt':
      return `${th} > ${ph}`;
    case 'lt':
      return `${tl} < ${pl}`;
    case 'ge':
      return `(${th} > ${ph} OR ${eq})`;
    case 'le':
      return `(${tl} < ${pl} OR ${eq})`;
    case 'sa':
      return `${tl} >= ${ph}`;
    case 'eb':
      return `${th} <= ${pl}`;
    case 'ap':
      return `(${tl} < ${ph} AND ${th} > ${pl})`;
    default: {
      const never: never = prefix;
      throw new Error(`unknown prefix ${String(never)}`);
    }
  }
}
