// The import direction of docs/architecture.md, enforced: renderer and preload never reach into main or server,
// main/core never touches Electron (it must run under plain Node), and shared stays free of every process.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

// Node's built-in modules by bare name ('fs', 'child_process', ...), for the rule that keeps shared pure.
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

/** `import('x')` escapes no-restricted-imports: this selector catches it. */
function dynamicImportOf(pattern, message) {
  return { selector: `ImportExpression[source.value=${pattern}]`, message };
}

const noMainOrServer = [
  { group: ['**/main/**', '**/main', '**/server/**', '**/server'], message: 'renderer and preload may import shared only (docs/architecture.md).' },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'out', 'release', 'test-results', 'playwright-report', '**/migrations/**', '.tmp', '.data', 'native-electron'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Globals per layer, as the type-check gives them (tsconfig.json): the renderer's page has the browser's, shared
  // (run by every process) the language's own only, everything else Node's. typescript-eslint leaves undefined names
  // in TypeScript to tsc, so these matter most for JavaScript files.
  { files: ['renderer/src/**'], languageOptions: { globals: globals.browser } },
  { files: ['**/*.{js,cjs,mjs,ts,tsx}'], ignores: ['renderer/src/**', 'shared/**'], languageOptions: { globals: globals.node } },
  {
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
    // Preload needs contextBridge; the renderer never touches Electron: it sees only the RafaelApi.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'the renderer sees only window.rafael (docs/architecture.md).' }], patterns: [...noMainOrServer, { group: ['electron/*', '**/preload', '**/preload/**'], message: 'the renderer sees only window.rafael (docs/architecture.md).' }] }],
      'no-restricted-syntax': ['error', dynamicImportOf(/^electron/, 'the renderer sees only window.rafael.')],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'main/core runs under plain Node: put Electron behind an interface in the shell.' },
          { name: 'electron-updater', message: 'electron-updater loads Electron: it belongs to the shell.' },
        ],
        patterns: [
          { group: ['electron/*'], message: 'main/core runs under plain Node.' },
          { group: ['**/shell', '**/shell/**', '**/host', '**/host/**', '**/ipc', '**/ipc/**', '!**/shared/**'], message: 'core never imports the shell or its hosts (docs/architecture.md).' },
          { group: ['**/server', '**/server/**', '**/renderer', '**/renderer/**', '**/preload', '**/preload/**'], message: 'core imports shared only.' },
        ],
      }],
      'no-restricted-syntax': ['error', dynamicImportOf(/^electron/, 'main/core runs under plain Node.')],
    },
  },
  {
    // Rows of the local database are typed by their query (main/core/db/typed-sql.ts, schema.ts's row types) and JSON
    // columns by their zod schema, never asserted with `as` (`as const` stays allowed).
    files: ['main/core/queries/**/*.ts', 'main/core/exports/**/*.ts', 'main/core/db/**/*.ts', 'main/core/local-store.ts', 'main/core/sync/bootstrap-loader.ts'],
    rules: { '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', ...NODE_BUILTINS].map((name) => ({ name, message: 'shared holds pure code with no I/O and no process imports.' })),
        patterns: [{ group: ['**/main', '**/main/**', '**/server', '**/server/**', '**/renderer', '**/renderer/**', '**/preload', '**/preload/**', 'node:*', 'electron/*'], message: 'shared holds pure code with no I/O and no process imports.' }],
      }],
      'no-restricted-syntax': ['error', dynamicImportOf(new RegExp(`^(electron|node:|(${NODE_BUILTINS.join('|')})$)`), 'shared holds pure code with no I/O.')],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/main', '**/main/**', '**/renderer', '**/renderer/**', '**/preload', '**/preload/**', 'electron'], message: 'server imports shared only.' }] }] },
  },
  // CommonJS files (the better-sqlite3 alias package, electron-builder hooks) are plain Node scripts.
  { files: ['**/*.cjs', 'packages/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
