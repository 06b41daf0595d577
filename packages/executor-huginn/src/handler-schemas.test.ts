import { expect, test } from "@jest/globals";
import { compileHandlerSchemas } from "@yggdrasil/agent-core/testing";
import { huginnHandlers } from "./huginn-handlers.js";

// The executor compiles each params schema on its handler's first request; this proves every one compiles.
test("every handler's params schema compiles under ajv's strict mode", () => {
  expect(() => compileHandlerSchemas(huginnHandlers())).not.toThrow();
});
