// Shared jest set-up: ESM TypeScript sources transformed by @swc/jest (@swc/jest needs no tsconfig and works with any TS version).
export default {
  testEnvironment: "node",
  testMatch: ["<rootDir>/src/**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  testTimeout: 30000,
};
