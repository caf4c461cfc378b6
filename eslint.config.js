// The import direction of DESIGN.md, enforced: renderer and preload never reach into main or server,
// main/core never touches Electron (it must run under plain Node), and shared stays free of every process.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noMainOrServer = [
  { group: ['**/main/**', '**/main', '**/server/**', '**/server'], message: 'renderer and preload may import shared only (DESIGN.md).' },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'out', 'release', 'test-results', 'playwright-report', '**/migrations/**', '.tmp', '.data', 'native-electron'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: noMainOrServer }] },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'main/core runs under plain Node: put Electron behind an interface in the shell.' }],
        patterns: [
          { group: ['electron/*'], message: 'main/core runs under plain Node.' },
          { group: ['**/main/shell/**', '../shell/**', '../../shell/**'], message: 'core never imports the shell (DESIGN.md).' },
          { group: ['**/server/**', '**/renderer/**'], message: 'core imports shared only.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared is used by every process.' }],
        patterns: [{ group: ['**/main/**', '**/server/**', '**/renderer/**', '**/preload/**', 'node:*', 'fs', 'path'], message: 'shared holds pure code with no I/O and no process imports.' }],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**', 'electron'], message: 'server imports shared only.' }] }] },
  },
  // CommonJS files (the better-sqlite3 alias package, electron-builder hooks) are plain Node scripts.
  { files: ['**/*.cjs', 'packages/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
