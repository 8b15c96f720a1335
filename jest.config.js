/** Jest projects: unit (pure, fast), integration (real PostgreSQL / embedded Temporal), e2e (GraphQL over HTTP). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // jose 6 and oidc-provider 9 ship ESM only; jest's CommonJS runtime cannot require them, so swc transpiles them
  // like our sources (Node itself loads them with require(esm) in the compiled dist).
  transform: { '^.+\\.ts$': swc, '/node_modules/(jose|oidc-provider)/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jose|oidc-provider)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@lib/([^/]+)$': '<rootDir>/libs/$1/src' },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
};
/** One embedded PostgreSQL per run, migrated template databases; tests clone them (test/support/test-database.ts). */
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
      ...database,
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'], ...database },
  ],
};
