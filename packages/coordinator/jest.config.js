import base from "../../jest.base.js";

// End-to-end tests drive real processes and the bd emulator (~0.2 s per call).
export default { ...base, testTimeout: 180_000 };
