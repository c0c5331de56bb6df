import { Skeleton, Stack, VisuallyHidden } from '@mantine/core';

/** Placeholder rows while data loads; screen readers hear the label once (role=status). */
export function LoadingSkeleton({ label = 'Loading…', rows = 4 }: { label?: string; rows?: number }) {
  return (
    <Stack gap={8} role="status" aria-live="polite">
      <VisuallyHidden>{label}</VisuallyHidden>
      {Array.from({ length: rows }, (_, i) => <Skeleton key={i} height={18} width={i % 3 === 2 ? '60%' : '100%'} radius="sm" aria-hidden />)}
    </Stack>
  );
}
