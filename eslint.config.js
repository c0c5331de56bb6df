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
    // Host tests may start the real sync server through its test harness (never the host itself).
    files: ['apps/desktop/src/host/**/*.int.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['electron'], 'host is Node-only: Electron lives in src/main'),
        restrict(['@lantern/ui', 'react', 'react-dom'], 'host has no UI'),
        restrict(['**/main/**', '**/preload/**', '**/renderer/**'], 'host runs without Electron or the screens'),
      ] }],
    },
  },
  {
    files: ['apps/desktop/src/host/**/*.ts'],
    ignores: ['apps/desktop/src/host/**/*.int.test.ts'],
    // The one exception to "the desktop depends on core only": the server router's type, enforced as `import type`.
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['electron'], 'host is Node-only: Electron lives in src/main'),
        restrict(['@lantern/ui', 'react', 'react-dom'], 'host has no UI'),
        restrict(['**/main/**', '**/preload/**', '**/renderer/**'], 'host runs without Electron or the screens: src/main hosts it, never the other way'),
        { group: ['@lantern/sync-server*', '**/sync-server/**'], allowTypeImports: true, message: 'only the type of the server router may be imported' },
      ] }],
    },
  },
  {
    // Electron main: window, keychain, IPC; it hosts src/host but never the screens.
    files: ['apps/desktop/src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['@lantern/ui', 'react', 'react-dom', '**/renderer/**', '**/preload/**'], 'the main process has no UI: the renderer is loaded, never imported'),
        { group: ['@lantern/sync-server*', '**/sync-server/**'], allowTypeImports: true, message: 'only the type of the server router may be imported' },
      ] }],
    },
  },
  {
    // The preload is sandboxed: electron's contextBridge and ipcRenderer only, one small file.
    files: ['apps/desktop/src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict([...nodeBuiltins, '@lantern/*', 'react', 'react-dom', 'zod', '**/host/**', '**/main/**', '**/renderer/**'], 'a sandboxed preload imports electron only'),
      ] }],
    },
  },
  {
    // One reader of the environment per app: src/host/serve/env.ts (browser mode) and src/main/env.ts (Electron).
    files: ['apps/desktop/src/**/*.{ts,tsx}', 'packages/ui/src/**/*.{ts,tsx}'],
    ignores: ['apps/desktop/src/host/serve/env.ts', 'apps/desktop/src/main/env.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration from the app\'s env.ts (host/serve/env.ts or main/env.ts)' }],
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
