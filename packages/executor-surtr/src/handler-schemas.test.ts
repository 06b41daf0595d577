import { expect, test } from "@jest/globals";
import { compileHandlerSchemas } from "@yggdrasil/agent-core/testing";
import { surtrHandlers } from "./surtr-handlers.js";

// The executor compiles each params schema on its handler's first request; this proves every one compiles.
test("every handler's params schema compiles under ajv's strict mode", () => {
  expect(() => compileHandlerSchemas(surtrHandlers())).not.toThrow();
});
