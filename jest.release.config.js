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
  // Children, servers and the registry are stopped in afterAll/teardown, yet jest was seen not to
  // exit after the results were written (an open handle not yet identified); run-tests would then
  // wait out the whole budget and count a failure.
  forceExit: true,
};
