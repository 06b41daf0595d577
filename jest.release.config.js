// The release suite (release-tests/): real registry, real publishes, npx and npm on a fresh
// cache. Slower than unit tests, so it is its own suite; files run one at a time, in name order.
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/release-tests/**/*.test.mjs"],
  transform: {},
  globalSetup: "<rootDir>/release-tests/global-setup.mjs",
  globalTeardown: "<rootDir>/release-tests/global-teardown.mjs",
  testSequencer: "<rootDir>/release-tests/sequencer.cjs",
  maxWorkers: 1,
  testTimeout: 600_000,
};
