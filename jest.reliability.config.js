// The reliability suite (`pnpm reliability`, also part of `npm test`): faults, load and hostile
// input against the real coordinator and executors on loopback. TS sources through @swc/jest.
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/reliability/**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  testTimeout: 300_000,
};
