import { describe, expect, it } from 'vitest';
import { birthDateQueries } from './birth-date.ts';

const TODAY = new Date('2026-12-03T12:00:00Z');
const q = (s: string) => birthDateQueries(s, TODAY);

describe('birth date typed into the finder', () => {
  it.each([
    ['07 Mar 1958', 'as the banner shows it'],
    ['07\u00a0Mar\u00a01958', 'copied from the banner (no-break spaces)'],
    ['7 Mar 1958', 'without the leading zero'],
    ['7 March 1958', 'month in full'],
    ['07-Mar-1958', 'with dashes'],
    ['07MAR1958', 'compact, upper case'],
    ['Mar 7, 1958', 'month first'],
    ['March 7 1958', 'month first in full'],
    ['1958-03-07', 'ISO'],
    ['1958/03/07', 'year first with slashes'],
    ['19580307', 'compact ISO'],
    ['07.03.1958', 'day first with dots'],
    ['7 Mar 58', 'two-digit year'],
  ])('%s (%s) finds 1958-03-07', (typed) => {
    expect(q(typed)).toEqual(['1958-03-07']);
  });

  it('US month/day first, then the day-first reading when both could be a month', () => {
    expect(q('03/07/1958')).toEqual(['1958-03-07', '1958-07-03']);
    expect(q('3/7/58')).toEqual(['1958-03-07', '1958-07-03']);
    expect(q('03-07-1958')).toEqual(['1958-03-07', '1958-07-03']);
  });

  it('a day over 12 can only be day first; the same number twice is one date', () => {
    expect(q('25/12/1980')).toEqual(['1980-12-25']);
    expect(q('12/25/1980')).toEqual(['1980-12-25']);
    expect(q('05/05/1990')).toEqual(['1990-05-05']);
  });

  it('two-digit years are never in the future', () => {
    expect(q('1/2/20')).toEqual(['2020-01-02', '2020-02-01']);
    expect(q('1/2/30')).toEqual(['1930-01-02', '1930-02-01']);
  });

  it('names, MRNs and impossible dates are not dates', () => {
    for (const s of ['Rivera', 'MRN000000091', '31 Feb 1958', '13/13/1958', 'Marsh 7 1958', '2030-01-01', '', 'Mar 1958']) expect(q(s)).toEqual([]);
  });
});
