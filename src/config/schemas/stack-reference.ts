import { z } from "zod";
import { EnvironmentName, StackName } from "./primitives.js";

/** A stack a VM runs, in the explicit form. */
export const StackReferenceObject = z.looseObject({
  /** Stack name (directory under `stacks/`). */
  name: StackName.describe("Stack name: the directory under stacks/."),
  /** Environment to deploy; default `production`. */
  environment: EnvironmentName.optional().describe("Environment of the stack to deploy (default production)."),
}).describe("A stack and the environment to deploy.");

/** A `docker_stacks` entry: a stack name, or `{name, environment}`. */
export const StackReference = z
  .union([StackName, StackReferenceObject], { error: "must be a stack name or an object {name, environment}" })
  .describe("A stack name (deployed as production) or {name, environment}.");
export type StackReference = z.infer<typeof StackReference>;
