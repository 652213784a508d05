/**
 * Jest runs the TypeScript sources directly through ts-jest (type-checking is a separate CI step).
 * Two projects: `unit` (everything but test/emulator: dynalite and mocks, in-process) and
 * `emulator` (test/emulator: the real SDK wire protocol against moto_server, started by its global
 * setup; skipped with one line when moto_server is not on PATH). `npm test` runs both;
 * `npm run test:emulator` only the second.
 */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|hyparquet|hyparquet-compressors|hyparquet-writer|hysnappy|fzstd)/)'],
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
};

const { availableParallelism } = require('node:os');

module.exports = {
  testTimeout: 30000,
  // Jest's default (cores − 1) runs a 2-core machine in band, one core idle while the scenario and
  // bench tests take minutes each: at least two workers (measured on 2 cores: 8.5 → 6 min).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/emulator/'] },
    {
      ...shared,
      displayName: 'emulator',
      roots: ['<rootDir>/test/emulator'],
      globalSetup: '<rootDir>/test/emulator/global-setup.ts',
      globalTeardown: '<rootDir>/test/emulator/global-teardown.ts',
    },
  ],
};
