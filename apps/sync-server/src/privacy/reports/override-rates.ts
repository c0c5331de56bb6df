/**
 * Alert-fatigue review: how often each CDS rule's cards are overridden, and by whom, with the
 * reasons given: the evidence a pharmacy and therapeutics committee uses to retire or sharpen a
 * rule. Source: `cds-override` audit events. The server's re-check of an order arriving by sync
 * repeats an override the workstation already recorded (`via: sync`), so it is not counted twice.
 * A prescriber's rate is overrides per signed order in the range.
 */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';

export const OverrideQuerySchema = z.object({ from: z.string().datetime({ offset: true }), to: z.string().datetime({ offset: true }) });

const RuleRow = z.object({ rule: z.string(), kb_entry: z.string().nullable(), indicator: z.string().nullable(), n: z.coerce.number(), prescribers: z.coerce.number() });
const ReasonRow = z.object({ rule: z.string(), reason: z.string(), n: z.coerce.number() });
const UserRow = z.object({ user_id: z.string(), username: z.string().nullable(), overrides: z.coerce.number(), orders: z.coerce.number() });

export async function overrideRates(q: Queryable, input: z.output<typeof OverrideQuerySchema>) {
  const base = `action = 'cds-override' AND outcome = 'success' AND coalesce(detail->>'via', '') <> 'sync' AND audit.instant(recorded_at) >= $1 AND audit.instant(recorded_at) < $2`;
  const [rules, reasons, users, total] = await Promise.all([
    q.query(`SELECT coalesce(detail->>'rule', 'unknown') AS rule, max(detail->>'kbEntry') AS kb_entry, max(detail->>'indicator') AS indicator, count(*) AS n, count(DISTINCT user_id) AS prescribers
             FROM audit.events WHERE ${base} GROUP BY 1 ORDER BY n DESC LIMIT 100`, [input.from, input.to]),
    q.query(`SELECT coalesce(detail->>'rule', 'unknown') AS rule, coalesce(detail->>'overrideCode', detail->>'reasonCode', 'unspecified') AS reason, count(*) AS n
             FROM audit.events WHERE ${base} GROUP BY 1, 2 ORDER BY n DESC`, [input.from, input.to]),
    q.query(`SELECT o.user_id, u.username, o.overrides, (SELECT count(*) FROM audit.events s WHERE s.user_id = o.user_id AND s.action = 'order-sign' AND audit.instant(s.recorded_at) >= $1 AND audit.instant(s.recorded_at) < $2) AS orders
             FROM (SELECT user_id, count(*) AS overrides FROM audit.events WHERE ${base} GROUP BY 1) o LEFT JOIN users u ON u.id::text = o.user_id ORDER BY o.overrides DESC LIMIT 100`, [input.from, input.to]),
    q.query(`SELECT count(*) AS n FROM audit.events WHERE ${base}`, [input.from, input.to]),
  ]);
  const byRule = new Map<string, { reason: string; n: number }[]>();
  for (const x of reasons.rows.map((r) => ReasonRow.parse(r))) byRule.set(x.rule, [...(byRule.get(x.rule) ?? []), { reason: x.reason, n: x.n }].slice(0, 5));
  const all = z.coerce.number().parse((total.rows[0] as { n: unknown }).n);
  return {
    totalOverrides: all,
    rules: rules.rows.map((x) => RuleRow.parse(x)).map((r) => ({ rule: r.rule, kbEntry: r.kb_entry, indicator: r.indicator, overrides: r.n, prescribers: r.prescribers, share: all === 0 ? 0 : r.n / all, reasons: byRule.get(r.rule) ?? [] })),
    prescribers: users.rows.map((x) => UserRow.parse(x)).map((u) => ({ userId: u.user_id, username: u.username, overrides: u.overrides, ordersSigned: u.orders, rate: u.orders === 0 ? null : u.overrides / u.orders })),
  };
}
