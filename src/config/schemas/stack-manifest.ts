import { z } from "zod";
import { StackEnvironments } from "./stack-environment-config.js";

/** `stacks/<name>/phoenix.json`: the stack's own settings, next to its compose file. */
export const StackManifest = z
  .looseObject({
    /** JSON Schema the file declares (for editors). */
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    /** What the stack is. */
    description: z.string().optional().describe("What the stack is."),
    /** Environments of the stack. */
    environments: StackEnvironments.optional(),
    /** Where the stack's tasks run. */
    placement: z
      .enum(["assigned", "any"])
      .optional()
      .describe("Where the stack's tasks may run: `assigned` (the nodes of the VMs whose docker_stacks list it) or `any` (anywhere in the swarm, no placement constraint added). Default: `assigned`."),
    /** Stacks deployed before this one. */
    depends_on: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must be a stack name"))
      .max(100)
      .optional()
      .describe("Stacks that must be deployed and converged before this one, by name (their directories under stacks/)."),
  })
  .meta({ title: "Phoenix stack manifest" });
export type StackManifest = z.infer<typeof StackManifest>;
