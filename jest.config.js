/** Jest runs the TypeScript sources directly through ts-jest (type-checking is a separate CI step). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy)/)'],
  testTimeout: 30000,
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
};
