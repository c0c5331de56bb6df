import { describe, expect, it } from 'vitest';
import { errorScreenHtml } from './error-screen.ts';
import type { StoreOpenFailure } from './store-open.ts';

const ctx = { storePath: '/home/nurse/.config/Lantern/store/store.db', keyPath: '/home/nurse/.config/Lantern/store/store.key.wrapped' };
const ALL: StoreOpenFailure[] = [
  { kind: 'keychain-unavailable' }, { kind: 'keychain-insecure' }, { kind: 'missing-key' }, { kind: 'wrong-key' }, { kind: 'corrupt' },
  { kind: 'unavailable', message: 'The disk is full; the local store cannot save' },
];

describe('the store error screen', () => {
  it('every failure says what happened, that nothing was deleted, and gives IT numbered steps and both file locations', () => {
    const titles = new Set<string>();
    for (const f of ALL) {
      const html = errorScreenHtml(f, ctx);
      const title = /<h1>(.*?)<\/h1>/.exec(html)?.[1] ?? '';
      expect(title.length, f.kind).toBeGreaterThan(10);
      titles.add(title);
      expect(html).toContain('Nothing was deleted');
      expect(html).toMatch(/<ol><li>.+<\/li><\/ol>/);
      expect(html).toContain(ctx.storePath);
      expect(html).toContain(ctx.keyPath);
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain("default-src 'none'");
    }
    expect(titles.size).toBe(ALL.length);
  });

  it('names the actual cause a technician can act on', () => {
    expect(errorScreenHtml({ kind: 'wrong-key' }, ctx)).toContain('does not open');
    expect(errorScreenHtml({ kind: 'missing-key' }, ctx)).toContain('Restore the key file');
    expect(errorScreenHtml({ kind: 'keychain-insecure' }, ctx)).toContain('LANTERN_ALLOW_BASIC_TEXT_KEYCHAIN=1');
    expect(errorScreenHtml({ kind: 'corrupt' }, ctx)).toContain('damaged');
  });

  it('escapes what it shows (a path is data, not markup)', () => {
    const html = errorScreenHtml({ kind: 'corrupt' }, { storePath: '/tmp/<img src=x onerror=alert(1)>', keyPath: '/k' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
