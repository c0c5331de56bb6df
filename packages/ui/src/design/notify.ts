import { notifications } from '@mantine/notifications';

export type NotifyKind = 'success' | 'info' | 'warning' | 'error';

const COLOR: Record<NotifyKind, string> = { success: 'green', info: 'lantern', warning: 'yellow', error: 'red' };

/**
 * A short toast for something that happened (saved, signed, synced). Never the only place a clinical
 * fact or a blocking error is shown: those stay on the screen. No PHI beyond what is on screen already.
 */
export function notify(kind: NotifyKind, message: string, title?: string): void {
  notifications.show({
    color: COLOR[kind],
    message,
    ...(title === undefined ? {} : { title }),
    autoClose: kind === 'error' ? false : 5000,
    withBorder: true,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
  });
}
