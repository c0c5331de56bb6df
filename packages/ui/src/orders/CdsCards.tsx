import { useId } from 'react';
import { isHardStop, type Card, type Indicator } from '@lantern/core/cds';
import { canSign } from '@lantern/core/orders';

export interface CdsCardsProps {
  cards: readonly Card[];
  /** cardUuid -> chosen override reason code. */
  overrides: Readonly<Record<string, string>>;
  onOverride(cardUuid: string, reasonCode: string | null): void;
  /** Applies one suggestion (all of its actions) to the draft orders. */
  onApplySuggestion(card: Card, suggestionUuid: string): void;
  onSign(): void;
  signing?: boolean;
  /** Label for the sign button, e.g. "Sign 2 orders". */
  signLabel?: string;
  /** What no override reason can fix besides hard-stop cards, e.g. a draft without a dose. */
  refusals?: readonly { path: string; message: string }[];
  /** The signature is confirmed with the clinician's password; Sign stays disabled while it is empty. */
  password?: { value: string; onChange(value: string): void };
}

const GROUPS: readonly { indicator: Indicator; title: string }[] = [
  { indicator: 'critical', title: 'Critical: override reason required' },
  { indicator: 'warning', title: 'Warnings' },
  { indicator: 'info', title: 'Information' },
];

/** Card detail is CDS Hooks markdown (https://cds-hooks.hl7.org/2.0/#card-attributes); bold is the only markup the knowledge base uses. */
function Markdown({ text }: { text: string }) {
  return <>{text.split('**').map((part, i) => (i % 2 === 1 ? <strong key={i}>{part}</strong> : part))}</>;
}

/** What the clinician corrects, from the FHIR path the hard stop names (`extension['lantern.field']`). */
function fieldToFix(card: Card): string {
  const f = card.extension['lantern.field'] ?? '';
  if (f.includes('doseQuantity') || f.includes('dose')) return 'the dose';
  if (f.includes('timing') || f.includes('frequency')) return 'the frequency';
  if (f.includes('route')) return 'the route';
  return 'the order';
}

/**
 * CDS cards by severity. A hard stop (an impossible dose or frequency) cannot be overridden: it says
 * why and what to do, and Sign stays disabled while it is there. A critical card needs one of its
 * override reasons before Sign is enabled. Warnings and info may take an optional reason (recorded,
 * and hides the same alert for a while). A suggestion applies in one click; its result is checked again.
 */
export function CdsCards({ cards, overrides, onOverride, onApplySuggestion, onSign, signing = false, signLabel = 'Sign orders', refusals = [], password }: CdsCardsProps) {
  const id = useId();
  const hardStops = cards.filter(isHardStop);
  const reviewable = cards.filter((c) => !isHardStop(c));
  const gate = canSign(reviewable, Object.entries(overrides).map(([cardUuid, reasonCode]) => ({ cardUuid, reasonCode })));
  const needsPassword = password !== undefined && password.value === '';
  const blocked = hardStops.length > 0 || refusals.length > 0 || !gate.canSign;
  const suggestionsOf = (c: Card) => c.suggestions.length > 0 && (
    <div className="actions">
      {c.suggestions.map((s) => (
        <button key={s.uuid} type="button" onClick={() => onApplySuggestion(c, s.uuid)}>{s.label}{s.isRecommended === true ? ' (recommended)' : ''}</button>
      ))}
    </div>
  );
  return (
    <section className="cds-cards" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Decision support {cards.length === 0 ? '' : `(${cards.length})`}</h3>
      {cards.length === 0 && <p className="muted">No alerts for these orders.</p>}
      {hardStops.length > 0 && (
        <div className="cds-group cds-hardstop" role="group" aria-labelledby={`${id}-hardstop`}>
          <h4 id={`${id}-hardstop`}>Hard stop: cannot be signed ({hardStops.length})</h4>
          <ul>
            {hardStops.map((c) => (
              <li key={c.uuid} className="card cds-card cds-card-hardstop" aria-label={`hard stop: ${c.summary}`} data-testid="cds-card-hardstop">
                <p className="flag flag-hardstop">HARD STOP</p>
                <p><strong>{c.summary}</strong></p>
                <p className="cds-detail"><Markdown text={c.detail} /></p>
                <p className="cds-todo"><strong>What to do:</strong> correct {fieldToFix(c)} or cancel this order. A hard stop cannot be overridden.</p>
                <p className="muted">Source: {c.source.url === undefined ? c.source.label : <a href={c.source.url} target="_blank" rel="noreferrer">{c.source.label}</a>}</p>
                {suggestionsOf(c)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {GROUPS.map((g) => {
        const group = reviewable.filter((c) => c.indicator === g.indicator);
        if (group.length === 0) return null;
        return (
          <div key={g.indicator} className={`cds-group cds-${g.indicator}`} role="group" aria-labelledby={`${id}-${g.indicator}`}>
            <h4 id={`${id}-${g.indicator}`}>{g.title} ({group.length})</h4>
            <ul>
              {group.map((c) => {
                const chosen = overrides[c.uuid] ?? '';
                const blocking = gate.blockers.some((b) => b.uuid === c.uuid);
                return (
                  <li key={c.uuid} className={`card cds-card cds-card-${c.indicator}`} aria-label={`${c.indicator} alert: ${c.summary}`} data-testid={`cds-card-${c.indicator}`}>
                    <p className={c.indicator === 'critical' ? 'flag flag-critical' : 'flag'}>{c.indicator.toUpperCase()}</p>
                    <p><strong>{c.summary}</strong></p>
                    <p className="muted cds-detail"><Markdown text={c.detail} /></p>
                    <p className="muted">Source: {c.source.url === undefined ? c.source.label : <a href={c.source.url} target="_blank" rel="noreferrer">{c.source.label}</a>}</p>
                    {suggestionsOf(c)}
                    <div className="field">
                      <label htmlFor={`${id}-${c.uuid}`}>{c.indicator === 'critical' ? 'Override reason (required to sign)' : 'Override reason (optional)'}</label>
                      <select id={`${id}-${c.uuid}`} value={chosen} aria-invalid={blocking} onChange={(e) => onOverride(c.uuid, e.target.value === '' ? null : e.target.value)}>
                        <option value="">— choose a reason —</option>
                        {c.overrideReasons.map((r) => <option key={r.code} value={r.code}>{r.display}</option>)}
                      </select>
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      {refusals.length > 0 && (
        <ul className="error cds-refusals" aria-label="Cannot be signed">
          {refusals.map((r) => <li key={`${r.path}:${r.message}`}>{r.message}</li>)}
        </ul>
      )}
      {password !== undefined && (
        <div className="field sign-password">
          <label htmlFor={`${id}-pw`}>Password to sign</label>
          <input id={`${id}-pw`} type="password" autoComplete="current-password" value={password.value} onChange={(e) => password.onChange(e.target.value)} disabled={hardStops.length > 0} />
        </div>
      )}
      <div className="actions">
        <button type="button" className="sign-button" onClick={onSign} disabled={blocked || needsPassword || signing} aria-describedby={blocked ? `${id}-blocked` : undefined}>{signing ? 'Signing…' : signLabel}</button>
        {blocked && (
          <p id={`${id}-blocked`} className="error" role="status">
            {hardStops.length > 0 ? 'A hard stop cannot be overridden: this cannot be signed as written.'
              : refusals.length > 0 ? 'This cannot be signed until the order is complete.'
              : `${gate.blockers.length === 1 ? '1 critical alert needs' : `${gate.blockers.length} critical alerts need`} an override reason before signing.`}
          </p>
        )}
      </div>
    </section>
  );
}
