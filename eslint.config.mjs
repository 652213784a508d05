// Lint: typescript-eslint recommended everywhere, and boundaries: the pure core (lambdas/core) free
// of the AWS SDK, Powertools, middy, and of I/O and process state; one direction between sources,
// rules and records (lambdas/core/rules/rule.ts says why); the lib ↔ lambdas contract
// (lambdas/contract) free of the runtime; the CDK side (lib/, bin/app.ts) free of the Lambdas' runtime.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_PATTERNS = [
  { group: ['@aws-sdk/*', 'aws-sdk', 'aws-sdk/*'], message: 'The pure core must not import the AWS SDK: put it in lambdas/adapters.' },
  { group: ['@aws-lambda-powertools/*'], message: 'The pure core must not import Powertools: use it in handlers.' },
  { group: ['@middy/*'], message: 'The pure core must not import middy: use it in handlers.' },
  { group: ['fs', 'node:fs', 'fs/*', 'node:fs/*', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'child_process', 'node:child_process'], message: 'The pure core does no I/O.' },
  { group: ['**/adapters/**', '**/cli/**', '**/handlers/**'], message: 'The core does not depend on adapters, CLI or handlers.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdk.out/**', 'coverage/**', 'bench/out/**', '.scratch/**', '**/*.js', '!bin/an1261.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', __filename: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['lambdas/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: CORE_PATTERNS }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'The core reads no clock: pass `now` in.' },
        { object: 'process', property: 'env', message: 'The core reads no environment: pass configuration in.' },
      ],
    },
  },
  {
    files: ['lambdas/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*'], message: 'The contract is names and a file loader: no AWS SDK, Powertools or middy.' },
          { group: ['**/adapters/**', '**/cli/**', '**/handlers/**'], message: 'Both sides import the contract; it imports neither.' },
        ],
      }],
    },
  },
  {
    files: ['lib/**/*.ts', 'bin/app.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/lambdas/adapters/**', '**/lambdas/cli/**', '**/lambdas/handlers/**'], message: 'The CDK app meets the Lambdas through lambdas/contract (and the config schema), not their runtime.' }],
      }],
    },
  },
  {
    // The chaos trigger simulators are pure: Node, the aws-lambda types and the repo's types only (the SDK fault injector lives elsewhere).
    files: ['chaos/triggers/**/*.ts', 'chaos/clock.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@aws-sdk/*', 'aws-sdk', 'aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'The trigger simulators are pure: no AWS SDK, Powertools, middy or CDK.' },
          { group: ['**/adapters/**', '**/handlers/**', '**/lib/**'], message: 'The simulators take handlers as functions; they import no runtime or CDK code.' },
        ],
      }],
    },
  },
  // no-restricted-imports does not merge across blocks: each block below repeats the core's patterns.
  {
    files: ['lambdas/core/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...CORE_PATTERNS,
          { group: ['**/sources', '**/sources/**'], message: 'Rules never import sources (sources import rules): read parsed records from lambdas/core/records.' },
        ],
      }],
    },
  },
  {
    files: ['lambdas/core/records/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...CORE_PATTERNS,
          { group: ['**/sources', '**/sources/**', '**/rules', '**/rules/**'], message: 'Parsed records are a vocabulary: they import neither sources nor rules.' },
        ],
      }],
    },
  },
);
