#!/usr/bin/env node
// A sample executor built on agent-core in a few lines; the README's demo starts it.
import { runExecutorCli } from "@yggdrasil/agent-core";
import { sampleHandlers } from "./sample-handlers.js";

await runExecutorCli({
  name: "sample-executor",
  version: "0.0.0",
  description: "Yggdrasil sample executor (demo)",
  handlers: () => sampleHandlers,
});
