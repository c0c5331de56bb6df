import { describe, expect, it } from 'vitest';
import { buildMedicationOrder } from './medication-order.ts';
import { CDS_OVERRIDE_EXTENSION_URL, readCdsOverrides, withCdsOverrides } from './cds-override.ts';
import { NOW, orderInput } from './test-support.ts';

const simva = () => { const r = buildMedicationOrder(orderInput()); if (!r.ok) throw r.error; return r.value; };
const by = { userId: 'user-1', at: NOW };

describe('cds-override extension on the order', () => {
  it('writes one complex extension per override and reads it back', () => {
    const o = withCdsOverrides(simva(), [{ cardUuid: 'card-a', reasonCode: 'will-monitor', comment: ' CK weekly ' }, { cardUuid: 'card-b', reasonCode: 'not-applicable' }], by);
    const ext = o.extension?.filter((e) => e.url === CDS_OVERRIDE_EXTENSION_URL) ?? [];
    expect(ext).toHaveLength(2);
    expect(ext[0]?.extension?.map((e) => e.url)).toEqual(['card', 'reason', 'comment', 'author', 'at']);
    expect(readCdsOverrides(o)).toEqual([
      { card: 'card-a', reason: 'will-monitor', comment: 'CK weekly', author: 'user-1', at: NOW },
      { card: 'card-b', reason: 'not-applicable', author: 'user-1', at: NOW },
    ]);
  });

  it('a new override of the same card replaces the earlier one; other extensions are kept', () => {
    const other = { url: 'https://example.org/fhir/other', valueString: 'kept' };
    const first = withCdsOverrides({ ...simva(), extension: [other] }, [{ cardUuid: 'card-a', reasonCode: 'will-monitor' }, { cardUuid: 'card-b', reasonCode: 'will-monitor' }], by);
    const second = withCdsOverrides(first, [{ cardUuid: 'card-a', reasonCode: 'tolerated-before' }], { userId: 'user-2', at: '2026-11-24T08:00:00Z' });
    expect(second.extension?.[0]).toEqual(other);
    expect(readCdsOverrides(second).map((o) => `${o.card}:${o.reason}:${o.author}`)).toEqual(['card-b:will-monitor:user-1', 'card-a:tolerated-before:user-2']);
    expect(withCdsOverrides(first, [], by)).toBe(first);
  });

  it('malformed entries override nothing (a missing reason, a duplicated card, a wrong value type)', () => {
    const order = {
      ...simva(),
      extension: [
        { url: CDS_OVERRIDE_EXTENSION_URL, extension: [{ url: 'card', valueString: 'x' }, { url: 'author', valueString: 'u' }, { url: 'at', valueDateTime: NOW }] },
        { url: CDS_OVERRIDE_EXTENSION_URL, extension: [{ url: 'card', valueString: 'x' }, { url: 'card', valueString: 'y' }, { url: 'reason', valueCode: 'will-monitor' }, { url: 'author', valueString: 'u' }, { url: 'at', valueDateTime: NOW }] },
        { url: CDS_OVERRIDE_EXTENSION_URL, extension: [{ url: 'card', valueInteger: 3 }, { url: 'reason', valueCode: 'will-monitor' }, { url: 'author', valueString: 'u' }, { url: 'at', valueDateTime: NOW }] },
        { url: CDS_OVERRIDE_EXTENSION_URL },
      ],
    };
    expect(readCdsOverrides(order)).toEqual([]);
    expect(readCdsOverrides(null)).toEqual([]);
    expect(readCdsOverrides({ extension: 'nope' })).toEqual([]);
  });
});
