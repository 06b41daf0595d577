import base from "../../jest.base.js";

// These suites start many real processes (bd, git, executors); on a loaded 2-core CI machine a
// single test may take well over the default.
export default { ...base, testTimeout: 120_000 };
