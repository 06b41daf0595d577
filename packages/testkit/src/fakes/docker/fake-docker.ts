// A fake `docker` executable for tests (put its binDir first on PATH): `compose up` and
// `compose ps --format json` answer as a real Compose plugin would, and every call is recorded.
import { writeFakeExecutable, type FakeExecutable, type FakeReply, type FakeScenario } from "../fake-executable.js";
import { psOutput, type FakeContainer, type PsShape } from "./compose-ps.js";

/** What the fake Docker does. */
export interface FakeDockerOptions {
  /** `compose … up`'s answer. @default exit 0 with Compose's progress lines on stderr */
  up?: FakeReply;
  /** The containers `compose ps` lists. @default one running, healthy `ollama` */
  containers?: FakeContainer[];
  /** @default "lines" (Compose >= 2.21.0) */
  psShape?: PsShape;
  /** Every command fails as without a running engine. */
  daemonDown?: boolean;
}

export interface FakeDocker extends FakeExecutable {
  /** Changes what the fake does from its next call on. */
  configure(options: FakeDockerOptions): void;
}

const DAEMON_DOWN = { exit: 1, stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n" };
const UP_OK = { exit: 0, stderr: " Container surtr-ollama-1  Creating\n Container surtr-ollama-1  Created\n Container surtr-ollama-1  Starting\n Container surtr-ollama-1  Started\n" };

/** The fake's answers for these options. */
export function dockerScenario(o: FakeDockerOptions = {}): FakeScenario {
  const version = { when: ["--version"], stdout: "Docker version 27.3.1, build ce12230\n" };
  if (o.daemonDown) return { rules: [version], otherwise: DAEMON_DOWN };
  return {
    rules: [
      version,
      { when: ["compose", "up"], ...(o.up ?? UP_OK) },
      { when: ["compose", "ps"], stdout: psOutput(o.containers ?? [{}], o.psShape ?? "lines") },
    ],
    otherwise: { exit: 1, stderr: "fake docker: nothing recorded for these arguments\n" },
  };
}

/** Writes `<binDir>/docker`. */
export function writeFakeDocker(options: FakeDockerOptions = {}, binDir?: string): FakeDocker {
  const fake = writeFakeExecutable("docker", dockerScenario(options), binDir);
  return { ...fake, configure: (o) => fake.setScenario(dockerScenario(o)) };
}
