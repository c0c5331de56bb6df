/** The Lantern design system: theme, provider and the shared screen patterns (see README.md). */
export { lanternTheme, lanternCssVariables, STATUSES, STATUS_COLORS, type Status } from './theme.ts';
export { contrastRatio } from './contrast.ts';
export { LanternProvider, COLOR_SCHEME_KEY } from './LanternProvider.tsx';
export { ColorSchemeToggle } from './ColorSchemeToggle.tsx';
export { DataTable, type DataTableColumnMeta, type DataTableProps } from './DataTable.tsx';
export { StatusBadge } from './StatusBadge.tsx';
export { EmptyState } from './EmptyState.tsx';
export { ErrorState } from './ErrorState.tsx';
export { LoadingSkeleton } from './LoadingSkeleton.tsx';
export { ConfirmDialog, type ConfirmDialogProps } from './ConfirmDialog.tsx';
export { notify, type NotifyKind } from './notify.ts';
export { DisabledReason } from './DisabledReason.tsx';
export { PageHeader } from './PageHeader.tsx';
export { FieldGrid, FormActions, ReadOnlyField } from './Field.tsx';
export { useLeaveGuard, LeaveGuardProvider, LeaveGuardScope } from './useLeaveGuard.tsx';
