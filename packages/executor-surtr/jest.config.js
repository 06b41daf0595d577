import base from "../../jest.base.js";

// Surtr's suites start agents, fake servers and fake programs; 30 s per test leaves room on a
// loaded 2-core CI machine while a hung test still fails well inside the suite's budget.
export default { ...base, testTimeout: 30_000 };
