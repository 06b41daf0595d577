// Tests of what lives at the workspace root (the demo), run after every package is built.
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/scripts/**/*.test.mjs"],
  transform: {},
  testTimeout: 180_000,
};
