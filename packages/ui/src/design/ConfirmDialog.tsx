import type { ReactNode } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** `danger`: the confirm button is red (the action loses work or cannot be undone). */
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal question with two named answers. Focus starts on the safe answer (cancel) so Enter never
 * discards work by accident; Esc cancels.
 */
export function ConfirmDialog({ opened, title, children, confirmLabel, cancelLabel = 'Cancel', danger = false, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered size="md" returnFocus closeButtonProps={{ 'aria-label': cancelLabel }}>
      {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onCancel} data-autofocus>{cancelLabel}</Button>
        <Button color={danger ? 'red' : 'lantern'} onClick={onConfirm}>{confirmLabel}</Button>
      </Group>
    </Modal>
  );
}
