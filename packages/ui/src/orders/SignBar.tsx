import { useId } from 'react';
import { Button, Group, List, PasswordInput, Stack, Text } from '@mantine/core';

export interface SignBarProps {
  /** e.g. "Sign 2 orders". */
  signLabel: string;
  onSign(): void;
  signing: boolean;
  /** Hard stops on screen: nothing can be signed as written. */
  hardStops: number;
  /** Critical cards still without a reason. */
  blockers: number;
  /** What no override reason can fix besides hard stops (a draft without a dose). */
  refusals: readonly { path: string; message: string }[];
  /** The signature is confirmed with the clinician's password; Sign stays disabled while it is empty. */
  password?: { value: string; onChange(value: string): void };
}

/** Says why Sign is not available yet, takes the password, and signs in one action. */
export function SignBar({ signLabel, onSign, signing, hardStops, blockers, refusals, password }: SignBarProps) {
  const id = useId();
  const blocked = hardStops > 0 || refusals.length > 0 || blockers > 0;
  const needsPassword = password !== undefined && password.value === '';
  const why = hardStops > 0 ? 'A hard stop cannot be overridden: this cannot be signed as written.'
    : refusals.length > 0 ? 'This cannot be signed until the order is complete.'
    : blockers > 0 ? `${blockers === 1 ? '1 critical alert needs' : `${blockers} critical alerts need`} an override reason before signing.`
    : needsPassword ? 'Enter your password to sign.' : null;
  return (
    <Stack gap="xs">
      {refusals.length > 0 && (
        <List size="sm" c="var(--lantern-error)" aria-label="Cannot be signed">
          {refusals.map((r) => <List.Item key={`${r.path}:${r.message}`}>{r.message}</List.Item>)}
        </List>
      )}
      <form onSubmit={(e) => { e.preventDefault(); if (!blocked && !needsPassword && !signing) onSign(); }}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          {password !== undefined && (
            <PasswordInput
              id={`${id}-pw`} label="Password to sign" autoComplete="current-password" size="sm" style={{ flex: 1 }}
              value={password.value} onChange={(e) => password.onChange(e.currentTarget.value)} disabled={hardStops > 0}
            />
          )}
          <Button type="submit" className="sign-button" disabled={blocked || needsPassword || signing} aria-describedby={why === null ? undefined : `${id}-why`}>
            {signing ? 'Signing…' : signLabel}
          </Button>
        </Group>
      </form>
      {why !== null && <Text id={`${id}-why`} size="sm" c={blocked ? 'var(--lantern-error)' : 'dimmed'} role="status">{why}</Text>}
    </Stack>
  );
}
