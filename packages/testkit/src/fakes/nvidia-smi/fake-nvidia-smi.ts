// A fake `nvidia-smi` executable for tests: put its binDir first on PATH.
import { writeFakeExecutable, type FakeExecutable, type FakeScenario } from "../fake-executable.js";
import { nvidiaSmiScenario, type NvidiaSmiScenarioName } from "./scenarios.js";

/** A fake nvidia-smi whose situation can be switched between calls. */
export interface FakeNvidiaSmi extends FakeExecutable {
  /** Plays another named situation (or a hand-written scenario) from the next call on. */
  play(scenario: NvidiaSmiScenarioName | FakeScenario): void;
}

/** Writes `<binDir>/nvidia-smi` playing `scenario` (default: the recorded H200). */
export function writeFakeNvidiaSmi(scenario: NvidiaSmiScenarioName | FakeScenario = "h200", binDir?: string): FakeNvidiaSmi {
  const resolve = (s: NvidiaSmiScenarioName | FakeScenario) => (typeof s === "string" ? nvidiaSmiScenario(s) : s);
  const fake = writeFakeExecutable("nvidia-smi", resolve(scenario), binDir);
  return { ...fake, play: (s) => fake.setScenario(resolve(s)) };
}
