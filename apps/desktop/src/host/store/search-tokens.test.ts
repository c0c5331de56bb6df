import { describe, expect, it } from 'vitest';
import { SEARCH_ROWID_SPREAD, dateTokens, mrnTokens, searchNameKey, toFtsQuery } from './search-tokens.ts';

describe('search tokens', () => {
  it('turns typed dates into the indexed spellings', () => {
    expect(dateTokens('1980-03-04')).toEqual(['19800304', '03041980']);
    expect(toFtsQuery('1980-3-4')).toBe('"19800304"*');
    expect(toFtsQuery('3/4/1980')).toBe('"03041980"*');
    expect(toFtsQuery('03/04')).toBe('"0304"*');
  });
  it('indexes an MRN whole, as digits, and without leading zeros', () => {
    expect(mrnTokens('MRN000000018')).toEqual(['mrn000000018', '000000018', '18']);
  });
  it('cannot be escaped into FTS syntax', () => {
    expect(toFtsQuery('a" OR "b')).toBe('"a"* "or"* "b"*');
    expect(toFtsQuery('*()"')).toBeNull();
  });
  it('orders name keys by family then given name, and rowids stay exact numbers', () => {
    const names = [['Abbot', 'Zoe'], ['Abbott', 'Amy'], ['Abbott', 'Zz'], ['Baker', 'Al'], ['O’Brien', 'Ann'], ['Zuniga', 'Zed']] as const;
    const keys = names.map(([f, g]) => searchNameKey(f, g));
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(searchNameKey('Zzzzzzzz', 'Zzz') * SEARCH_ROWID_SPREAD + SEARCH_ROWID_SPREAD).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(searchNameKey('Émile', 'Zoë')).toBe(searchNameKey('Emile', 'Zoe'));
  });
});
