import { cloneElement, useId, type ReactElement } from 'react';
import { Tooltip, VisuallyHidden } from '@mantine/core';

interface Describable {
  'aria-describedby'?: string | undefined;
  disabled?: boolean | undefined;
  'data-disabled'?: boolean | undefined;
}

/**
 * A control that cannot be used right now and says why: the reason is a tooltip on hover or focus and,
 * through aria-describedby, read by screen readers. The control keeps focus (aria-disabled instead of
 * disabled) so a keyboard user can reach it and hear the reason. With `reason` null it is just the control.
 *
 * Usage: `<DisabledReason reason={canSign ? null : 'Choose an override reason first'}><Button>Sign</Button></DisabledReason>`
 */
export function DisabledReason({ reason, children }: { reason: string | null; children: ReactElement<Describable & { onClick?: unknown }> }) {
  const id = useId();
  if (reason === null) return children;
  const describedBy = [children.props['aria-describedby'], `${id}-why`].filter((x) => x !== undefined).join(' ');
  const control = cloneElement(children, {
    disabled: false,
    'data-disabled': true,
    'aria-disabled': true,
    'aria-describedby': describedBy,
    // A disabled control does nothing when activated, though it stays focusable.
    onClick: (e: { preventDefault(): void }) => e.preventDefault(),
  } as Describable & { 'aria-disabled': boolean; onClick: (e: { preventDefault(): void }) => void });
  return (
    <>
      <Tooltip label={reason} events={{ hover: true, focus: true, touch: true }}>{control}</Tooltip>
      <VisuallyHidden id={`${id}-why`}>{reason}</VisuallyHidden>
    </>
  );
}
