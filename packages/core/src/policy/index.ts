export * from './roles.ts';
export * from './access.ts';
