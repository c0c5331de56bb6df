import { useId } from 'react';
import { Stack, Text, Title } from '@mantine/core';
import { isHardStop, type Card, type Indicator } from '@lantern/core/cds';
import { canSign } from '@lantern/core/orders';
import { CdsCardItem } from './CdsCardItem.tsx';
import { SignBar } from './SignBar.tsx';

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

/** The sign gate's figures for a set of cards and chosen reasons (shared by every sign screen). */
export function signGate(cards: readonly Card[], overrides: Readonly<Record<string, string>>) {
  const hardStops = cards.filter(isHardStop);
  const gate = canSign(cards.filter((c) => !isHardStop(c)), Object.entries(overrides).map(([cardUuid, reasonCode]) => ({ cardUuid, reasonCode })));
  return { hardStops, blockers: gate.blockers };
}

/**
 * CDS cards by severity, then the sign bar. A hard stop (an impossible dose or frequency) cannot be
 * overridden: it says why and what to do, and Sign stays disabled while it is there. A critical card
 * needs one of its override reasons before Sign is enabled. Warnings and info may take an optional
 * reason (recorded, and hides the same alert for a while). A suggestion applies in one click; its
 * result is checked again.
 */
export function CdsCards({ cards, overrides, onOverride, onApplySuggestion, onSign, signing = false, signLabel = 'Sign orders', refusals = [], password }: CdsCardsProps) {
  const id = useId();
  const { hardStops, blockers } = signGate(cards, overrides);
  const reviewable = cards.filter((c) => !isHardStop(c));
  const item = (c: Card) => (
    <CdsCardItem key={c.uuid} card={c} chosen={overrides[c.uuid] ?? ''} blocking={blockers.some((b) => b.uuid === c.uuid)} onOverride={onOverride} onApplySuggestion={onApplySuggestion} />
  );
  return (
    <section className="cds-cards" aria-labelledby={`${id}-h`}>
      <Stack gap="xs">
        <Title order={3} size="h5" id={`${id}-h`}>Decision support {cards.length === 0 ? '' : `(${cards.length})`}</Title>
        {cards.length === 0 && <Text size="sm" c="dimmed">No alerts for these orders.</Text>}
        {hardStops.length > 0 && (
          <div role="group" aria-labelledby={`${id}-hardstop`}>
            <Title order={4} size="h6" id={`${id}-hardstop`}>Hard stop: cannot be signed ({hardStops.length})</Title>
            <Stack component="ul" gap="xs" p={0} m={0}>{hardStops.map(item)}</Stack>
          </div>
        )}
        {GROUPS.map((g) => {
          const group = reviewable.filter((c) => c.indicator === g.indicator);
          if (group.length === 0) return null;
          return (
            <div key={g.indicator} role="group" aria-labelledby={`${id}-${g.indicator}`}>
              <Title order={4} size="h6" id={`${id}-${g.indicator}`}>{g.title} ({group.length})</Title>
              <Stack component="ul" gap="xs" p={0} m={0}>{group.map(item)}</Stack>
            </div>
          );
        })}
        <SignBar signLabel={signLabel} onSign={onSign} signing={signing} hardStops={hardStops.length} blockers={blockers.length} refusals={refusals} {...(password === undefined ? {} : { password })} />
      </Stack>
    </section>
  );
}
