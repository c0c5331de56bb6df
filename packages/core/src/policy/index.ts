export * from './roles.ts';
export * from './access.ts';
export * from './field-groups.ts';
export * from './write.ts';
export * from './capabilities.ts';
