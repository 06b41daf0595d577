// @yggdrasil/testkit/fakes/nvidia-smi: a fake nvidia-smi executable playing recorded real output.
export { writeFakeNvidiaSmi } from "./fake-nvidia-smi.js";
export type { FakeNvidiaSmi } from "./fake-nvidia-smi.js";
export { nvidiaSmiScenario, recordedH200, NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT } from "./scenarios.js";
export type { NvidiaSmiScenarioName } from "./scenarios.js";
export { pathWith } from "../fake-executable.js";
export type { FakeExecutable, FakeScenario, FakeRule, FakeReply } from "../fake-executable.js";
