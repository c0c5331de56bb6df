import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { NOW, input, patient, serviceRequest } from '../test-fixtures.ts';
import type { Card } from '../types.ts';
import type { ServiceRequest } from '../../fhir/types.ts';

const dupCards = (recent: ServiceRequest[], drafts: ServiceRequest[]): Card[] => {
  const r = evaluate(input(patient({ recentOrders: recent }), drafts));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'duplicate-order');
};

describe('duplicate-order rule', () => {
  const draftCbc = serviceRequest('58410-2', NOW, 'draft');

  it('a CBC (58410-2) ordered 6 h ago makes a new CBC a duplicate', () => {
    const earlier = serviceRequest('58410-2', '2026-11-23T06:00:00Z');
    const cards = dupCards([earlier], [draftCbc]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.summary).toContain('6 h ago');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('dup-order/cbc');
    expect(cards[0]?.suggestions.at(-1)?.actions[0]).toMatchObject({ type: 'delete', resourceId: `ServiceRequest/${draftCbc.id ?? ''}` });
  });

  it('CBC with differential (57021-8) counts as the same test', () => {
    expect(dupCards([serviceRequest('57021-8', '2026-11-23T01:00:00Z')], [draftCbc])).toHaveLength(1);
  });

  it('a CBC 30 hours ago is outside the 24 h window', () => {
    expect(dupCards([serviceRequest('58410-2', '2026-11-22T06:00:00Z')], [draftCbc])).toEqual([]);
  });

  it('a cancelled earlier order does not count', () => {
    const revoked = { ...serviceRequest('58410-2', '2026-11-23T06:00:00Z'), status: 'revoked' as const };
    expect(dupCards([revoked], [draftCbc])).toEqual([]);
  });
});
