// `--print-systemd-unit`: a unit that runs `yggdrasil-coordinator start` through the installed bin.
import { homedir } from "node:os";
import { renderSystemdUnit } from "@yggdrasil/agent-core/systemd";

/** The unit text (and a warning when the bin lives in npx's temporary cache). */
export function coordinatorUnit(binPath: string, configFile: string | undefined): { unit: string; warning?: string } {
  return renderSystemdUnit({
    executor: "yggdrasil-coordinator",
    description: "routes Beads tasks to executors",
    binPath,
    // Without --config the unit relies on the default /etc/yggdrasil/coordinator.yaml.
    args: ["start", ...(configFile ? ["--config", configFile] : [])],
    workingDirectory: homedir(),
    secrets: "the executors' tokens, YGG_TOKEN_<NAME> as the config's token_env names them",
  });
}
