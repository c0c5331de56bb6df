import { TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { WorkstationSetting } from '../api/features/machine-policy-api.ts';
import { isLocked, LOCKED_TEXT, SETTING_LABEL } from './setting-labels.ts';

/**
 * One workstation setting, read-only. A setting IT or the organisation decides carries a lock and
 * "Set by your organisation"; nothing here can change it (the policy file or Group Policy does).
 */
export function LockedSetting({ setting }: { setting: WorkstationSetting }) {
  const locked = isLocked(setting);
  return (
    <TextInput
      data-testid={`setting-${setting.key}`}
      label={SETTING_LABEL[setting.key]}
      value={setting.value ?? 'Not set'}
      readOnly
      description={locked ? LOCKED_TEXT : setting.value === null ? 'Not set by your organisation' : 'This workstation’s own setting'}
      leftSection={locked ? <IconLock size={16} aria-hidden /> : undefined}
      aria-readonly
      styles={{ input: { cursor: 'default' } }}
    />
  );
}
