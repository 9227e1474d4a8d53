// ESLint flat config: typescript-eslint's recommended rules (not type-aware, so a full run stays fast),
// React hooks rules for the renderer, and the rule that keeps Electron out of code that must run under
// plain Node (services, dispatch, contract, db, the harness, tests).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The only files allowed to import 'electron' (see docs/developing.md).
const ELECTRON_FILES = [
  'main/index.ts',
  'main/ipc/register.ts',
  'main/platform/electron*.ts',
  'preload/**',
  'tests/e2e/**/*.electron.spec.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'release/**', '.native/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // empty object patterns are how Playwright fixtures declare "no dependencies"
      'no-empty-pattern': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                "Only main/index.ts, main/ipc/register.ts, main/platform/electron*.ts, preload/ and *.electron.spec.ts may import 'electron'; other code must run under plain Node (tests, the browser harness).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ELECTRON_FILES,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
