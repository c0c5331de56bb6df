// Flat config shared by every package. The import boundaries below are the ones in
// shared/CONVENTIONS.md: core <- ui <- renderer, core <- host, core <- sync-server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'net', 'http', 'https'];
const restrict = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/*.config.*', 'e2e/artifacts/**', '**/.lantern/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...nodeBuiltins, 'electron', 'react', 'react-dom', 'pg', 'better-sqlite3*', 'fastify'], 'core is pure: inject platform pieces instead'),
        restrict(['@lantern/*'], 'core imports nothing from other Lantern packages'),
      ] }],
      'no-restricted-globals': ['error', 'process', 'window', 'document', 'Buffer'],
    },
  },
  {
    // Tests of core may use node:crypto as the real SHA-256 they inject (core itself stays pure).
    files: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...nodeBuiltins.filter((n) => n !== 'crypto'), '!node:crypto', 'electron', 'react', 'react-dom', 'pg', 'better-sqlite3*', 'fastify'], 'core tests may import node:crypto only'),
        restrict(['@lantern/*'], 'core imports nothing from other Lantern packages'),
      ] }],
    },
  },
  {
    files: ['packages/ui/src/**/*.{ts,tsx}', 'apps/desktop/src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...nodeBuiltins, 'electron', 'better-sqlite3*', 'pg'], 'the renderer and ui never touch Node or Electron'),
        restrict(['@lantern/desktop*', '**/main/**'], 'the renderer talks to the host only through tRPC'),
        { group: ['**/host/**'], allowTypeImports: true, message: 'the renderer talks to the host only through tRPC: import only the type of its router' },
        { group: ['@lantern/sync-server*'], allowTypeImports: true, message: 'only the type of the server router may be imported' },
      ] }],
    },
  },
  {
    files: ['apps/desktop/src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['electron'], 'host is Node-only: Electron lives in src/main'),
        restrict(['@lantern/ui', 'react', 'react-dom'], 'host has no UI'),
        { group: ['@lantern/sync-server*'], allowTypeImports: true, message: 'only the type of the server router may be imported' },
      ] }],
    },
  },
  {
    files: ['apps/sync-server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['@lantern/desktop*', '@lantern/ui', 'electron', 'react'], 'the server depends on core only'),
      ] }],
    },
  },
  {
    files: ['apps/sync-server/src/**/*.ts'],
    ignores: ['apps/sync-server/src/env.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration from src/env.ts' }],
    },
  },
);
