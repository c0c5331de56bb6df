import type { ReactNode } from 'react';
import { Badge, type BadgeProps } from '@mantine/core';
import type { Status } from './theme.ts';

/**
 * A status shown as a word on a colour (never colour alone: WCAG 1.4.1). Colours come from the
 * theme's `--lantern-<status>-*` variables, which pass AA contrast in light and dark.
 */
export function StatusBadge({ status, children, ...rest }: { status: Status; children: ReactNode } & Omit<BadgeProps, 'color' | 'variant' | 'children'>) {
  return (
    <Badge
      radius="sm"
      size="sm"
      variant="filled"
      {...rest}
      styles={{
        root: {
          background: `var(--lantern-${status}-bg)`,
          color: `var(--lantern-${status}-fg)`,
          border: `1px solid var(--lantern-${status}-border)`,
          textTransform: 'none',
          fontWeight: 700,
          whiteSpace: 'nowrap',
          // A status is never cut to "Abnor…": in a dense table the badge keeps its full width.
          minWidth: 'max-content',
        },
      }}
    >
      {children}
    </Badge>
  );
}
