import { Group, Text } from '@mantine/core';
import type { PatientAlerts } from '@lantern/core';
import { StatusBadge } from '../design/StatusBadge.tsx';

/** A finder row's alerts in words: allergies (high risk marked), allergies not recorded, unsynced records, conflicts. */
export function PatientAlertBadges({ alerts }: { alerts: PatientAlerts | undefined }) {
  if (alerts === undefined) return <Text size="xs" c="dimmed">—</Text>;
  const items = [
    alerts.allergies > 0 && (
      <StatusBadge key="a" status={alerts.highRiskAllergy ? 'critical' : 'abnormal'}>
        {alerts.allergies} allerg{alerts.allergies === 1 ? 'y' : 'ies'}{alerts.highRiskAllergy ? ' (high risk)' : ''}
      </StatusBadge>
    ),
    alerts.allergiesNotRecorded && <StatusBadge key="n" status="warning">Allergies not recorded</StatusBadge>,
    alerts.unsynced && <StatusBadge key="u" status="info">Not yet synced</StatusBadge>,
    alerts.conflicts > 0 && <StatusBadge key="c" status="warning">{alerts.conflicts} conflict{alerts.conflicts === 1 ? '' : 's'}</StatusBadge>,
  ].filter((x) => x !== false);
  if (items.length === 0) return <Text size="xs" c="dimmed">None</Text>;
  return <Group gap={4} wrap="wrap">{items}</Group>;
}
