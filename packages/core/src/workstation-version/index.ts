export * from './versions.ts';
export * from './verdict.ts';
export * from './release.ts';
