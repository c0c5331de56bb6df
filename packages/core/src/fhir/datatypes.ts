/**
 * zod schemas for the FHIR R4 data types Lantern reads (http://hl7.org/fhir/R4/datatypes.html).
 * Objects are loose: FHIR allows many more elements than Lantern uses, and they must survive a
 * round trip untouched. The primitive regexes are the ones in the R4 specification.
 */
import { z } from 'zod';

// http://hl7.org/fhir/R4/datatypes.html#primitive
export const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id (1-64 of A-Z a-z 0-9 - .)');
export const fhirDate = z
  .string()
  .regex(/^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$/, 'must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)')
  .refine((s) => isCalendarTime(s), 'must be a real date (no 30 February)');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const CALENDAR_PARTS = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}:(\d{2})(\.\d+)?)?)?)?/;

/**
 * What the R4 regexes let through but no calendar has (and Postgres refuses when it reads the
 * text as a time: an audit event's report index, a search column): 30 February, 29 February
 * outside a leap year, 31 April, a leap second with a fraction. The regex has checked the shape.
 */
export function isCalendarTime(s: string): boolean {
  const m = CALENDAR_PARTS.exec(s);
  if (m === null) return true;
  const [, y, mo, d, sec, frac] = m;
  if (d !== undefined && mo !== undefined) {
    const year = Number(y);
    const month = Number(mo);
    const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (Number(d) > (DAYS_IN_MONTH[month - 1] ?? 31) + (leap ? 1 : 0)) return false;
  }
  return !(sec === '60' && frac !== undefined && /[1-9]/.test(frac));
}
const CALENDAR_MESSAGE = 'must be a real date and time (no 30 February, no fraction of a leap second)';

export const fhirDateTime = z
  .string()
  .regex(
    /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/,
    'must be a FHIR dateTime (YYYY-MM-DDThh:mm:ss+zz:zz)',
  )
  .refine(isCalendarTime, CALENDAR_MESSAGE);
export const fhirInstant = z
  .string()
  .regex(
    /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/,
    'must be a FHIR instant with seconds and a time zone',
  )
  .refine(isCalendarTime, CALENDAR_MESSAGE);
export const fhirCode = z.string().regex(/^[^\s]+( [^\s]+)*$/, 'must be a FHIR code (no leading, trailing or double spaces)');
export const fhirUri = z.string().min(1, 'must not be empty');

export const Coding = z.looseObject({
  system: fhirUri.optional(),
  version: z.string().optional(),
  code: fhirCode.optional(),
  display: z.string().optional(),
});
export const CodeableConcept = z.looseObject({
  coding: z.array(Coding).optional(),
  text: z.string().optional(),
});
export const Identifier = z.looseObject({
  use: z.enum(['usual', 'official', 'temp', 'secondary', 'old']).optional(),
  type: CodeableConcept.optional(),
  system: fhirUri.optional(),
  value: z.string().optional(),
});
export const Reference = z.looseObject({
  reference: z.string().min(1).optional(),
  type: fhirUri.optional(),
  identifier: Identifier.optional(),
  display: z.string().optional(),
});
export const Period = z.looseObject({ start: fhirDateTime.optional(), end: fhirDateTime.optional() });
export const Quantity = z.looseObject({
  value: z.number().finite('must be a finite number').optional(),
  comparator: z.enum(['<', '<=', '>=', '>']).optional(),
  unit: z.string().optional(),
  system: fhirUri.optional(),
  code: fhirCode.optional(),
});
export const Range = z.looseObject({ low: Quantity.optional(), high: Quantity.optional() });
export const Ratio = z.looseObject({ numerator: Quantity.optional(), denominator: Quantity.optional() });
export const HumanName = z.looseObject({
  use: z.enum(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden']).optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
});
export const ContactPoint = z.looseObject({
  system: z.enum(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']).optional(),
  value: z.string().optional(),
  use: z.enum(['home', 'work', 'temp', 'old', 'mobile']).optional(),
});
export const Address = z.looseObject({
  use: z.enum(['home', 'work', 'temp', 'old', 'billing']).optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export const Annotation = z.looseObject({ text: z.string(), time: fhirDateTime.optional() });
export const Attachment = z.looseObject({
  contentType: fhirCode.optional(),
  data: z.string().optional(),
  url: z.string().optional(),
  hash: z.string().optional(),
  title: z.string().optional(),
});
export const Dosage = z.looseObject({
  sequence: z.number().int().optional(),
  text: z.string().optional(),
  timing: z.looseObject({
    repeat: z
      .looseObject({
        frequency: z.number().int().positive().optional(),
        period: z.number().positive().optional(),
        periodUnit: z.enum(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']).optional(),
        boundsDuration: Quantity.optional(),
      })
      .optional(),
    code: CodeableConcept.optional(),
  }).optional(),
  asNeededBoolean: z.boolean().optional(),
  route: CodeableConcept.optional(),
  doseAndRate: z
    .array(z.looseObject({ doseQuantity: Quantity.optional(), doseRange: Range.optional() }))
    .optional(),
  maxDosePerPeriod: Ratio.optional(),
});

export const Meta = z.looseObject({
  versionId: fhirId.optional(),
  lastUpdated: fhirInstant.optional(),
  tag: z.array(Coding).optional(),
  security: z.array(Coding).optional(),
});
