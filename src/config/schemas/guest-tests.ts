import { z } from "zod";
import { Text } from "./primitives.js";

/** One test script run by the legacy test runner. */
export const TestScript = z.looseObject({
  /** Human-readable test name. */
  name: Text.describe("Human-readable test name."),
  /** Kind of test, e.g. `script`. */
  type: Text.describe("Kind of test, e.g. script."),
  /** Script path relative to the tests directory. */
  path: Text.describe("Script path relative to the tests directory."),
}).describe("One test script.");

/** Test suites by name (`integration_tests`, `system_validation`, …). */
export const TestSuites = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a suite name: letters, digits, '_', '-' and '.'"), z.array(TestScript))
  .describe("Test suites by name, each a list of test scripts.");
