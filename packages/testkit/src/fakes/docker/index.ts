// @yggdrasil/testkit/fakes/docker: a fake docker executable with `compose up` and `compose ps`.
export { writeFakeDocker, dockerScenario } from "./fake-docker.js";
export type { FakeDocker, FakeDockerOptions } from "./fake-docker.js";
export { psObject, psOutput } from "./compose-ps.js";
export type { FakeContainer, PsShape } from "./compose-ps.js";
export { pathWith } from "../fake-executable.js";
export type { FakeExecutable, FakeScenario, FakeRule, FakeReply } from "../fake-executable.js";
