// Layering (imports flow one way; see README "Architecture"):
//   src/core  <- src/models  <- workers  <- src/ui
//   src/core  <- src/storage <- workers, src/ui
// core is pure TS (no DOM, no tf, no IndexedDB); only src/storage touches IndexedDB.
// Around the app: tests/ may import scripts/ and the app; scripts/ may import the app, never
// tests/; the app (src/, workers/) imports neither, so what ships never depends on tooling.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const banned = (group, message) => ({ group, message });
const noTooling = banned(
  ['**/scripts/**', '**/tests/**'],
  'The app (src/, workers/) never imports scripts/ or tests/.',
);

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'public/data',
      'bench/out',
      'tests/fixtures/generated',
      'dev-dist',
      '.cache',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  layer(
    ['src/core/**'],
    [
      banned(
        ['**/models/**', '**/workers/**', '**/storage/**', '**/ui/**'],
        'src/core is the bottom layer.',
      ),
      banned(
        ['@tensorflow/*', 'idb', 'react', 'react-dom', 'comlink'],
        'src/core is pure TS: no tf, DOM, IndexedDB or workers.',
      ),
      noTooling,
    ],
  ),
  layer(
    ['src/models/**'],
    [
      banned(
        ['**/workers/**', '**/storage/**', '**/ui/**', 'idb', 'react', 'comlink'],
        'src/models only uses src/core and tf.js.',
      ),
      noTooling,
    ],
  ),
  layer(
    ['src/storage/**'],
    [
      banned(
        ['**/models/**', '**/workers/**', '**/ui/**', '@tensorflow/*', 'react'],
        'src/storage only uses src/core and idb.',
      ),
      noTooling,
    ],
  ),
  layer(
    ['workers/**'],
    [banned(['**/ui/**', 'react'], 'workers never import UI code.'), noTooling],
  ),
  layer(
    ['src/ui/**', 'src/main.tsx'],
    [
      banned(
        ['**/models/**', '@tensorflow/*'],
        'tf.js lives only in workers: the UI talks to them through comlink.',
      ),
      banned(['idb'], 'Only src/storage touches IndexedDB.'),
      noTooling,
    ],
  ),
  layer(
    ['scripts/**'],
    [
      banned(
        ['**/tests/**'],
        'scripts/ never imports tests/: what both need lives in scripts/lib (or src/core).',
      ),
    ],
  ),
  {
    // The UI may know the workers' API types, never their code (it runs in the workers).
    files: ['src/ui/**', 'src/main.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workers/**'],
              allowTypeImports: true,
              message:
                'src/ui imports only worker types; it calls workers through src/ui/bridge.ts.',
            },
          ],
        },
      ],
    },
  },
);
