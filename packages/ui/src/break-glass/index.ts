export { BreakGlassDialog, BREAK_GLASS_REASONS, type BreakGlassDialogProps } from './BreakGlassDialog.tsx';
export { BreakGlassBanner, type BreakGlassBannerProps } from './BreakGlassBanner.tsx';
