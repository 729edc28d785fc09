// Lint, including the layering rules of the architecture (see README "Architecture"):
// shared/ imports nothing from agent/ or server/; agent and server never import each other;
// agent detection is pure and imports no OS module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVER = { group: ['**/server/**', 'server/**'], message: 'agent/ and shared/ must not import server/.' };
const AGENT = { group: ['**/agent/**', 'agent/**'], message: 'server/ and shared/ must not import agent/.' };
const OS_MODULES = [
  'fs', 'fs/*', 'child_process', 'os', 'net', 'dgram', 'dns', 'http', 'https', 'worker_threads', 'process',
  'node:*', 'systeminformation', 'ps-list', 'axios', '**/probes/**', '**/runtime/**',
];
const PURE = { group: OS_MODULES, message: 'Detection is pure: facts in, findings out. Do I/O in a probe.' };

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'data/', 'test-artifacts/', 'coverage/', 'server/console/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['shared/**'], rules: { 'no-restricted-imports': restrict(AGENT, SERVER, { group: OS_MODULES, message: 'shared/ holds wire contracts only: no I/O.' }) } },
  { files: ['agent/**'], rules: { 'no-restricted-imports': restrict(SERVER) } },
  { files: ['agent/detect/**'], rules: { 'no-restricted-imports': restrict(SERVER, PURE) } },
  { files: ['server/**'], rules: { 'no-restricted-imports': restrict(AGENT) } },
);
