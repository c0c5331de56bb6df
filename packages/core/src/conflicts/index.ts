/** @lantern/core/conflicts: the conflicts inbox view model and resolutions (keep mine, take server, edited merge). */
export * from './field-display.ts';
export * from './conflict-view.ts';
export * from './resolution.ts';
