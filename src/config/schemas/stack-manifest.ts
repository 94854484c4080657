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
  })
  .meta({ title: "Phoenix stack manifest" });
export type StackManifest = z.infer<typeof StackManifest>;
