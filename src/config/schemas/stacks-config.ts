import { z } from "zod";
import { StackEnvironments } from "./stack-environment-config.js";
import { StackName, Text } from "./primitives.js";

/** One stack in the central stacks file. */
export const StacksConfigEntry = z.looseObject({
  /** What the stack is. */
  description: z.string().optional().describe("What the stack is."),
  /** Where the legacy tooling found the compose file on the hypervisor; Phoenix reads stacks/<name>/docker-compose.yml. */
  compose_file_path: Text.optional().describe("Compose file path of the legacy tooling; Phoenix always reads stacks/<name>/docker-compose.yml."),
  /** Environments of the stack. */
  environments: StackEnvironments.optional(),
}).describe("One stack of the central stacks file.");
export type StacksConfigEntry = z.infer<typeof StacksConfigEntry>;

/** `etc/phoenix_stacks_config.json`: stack settings kept in one central file. */
export const StacksConfig = z
  .looseObject({
    /** JSON Schema the file declares (for editors). */
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    /** Stacks by name. */
    docker_stacks: z.record(StackName, StacksConfigEntry).describe("Stacks by name; each needs a directory stacks/<name>/ with a compose file."),
  })
  .meta({ title: "Phoenix central stacks configuration" });
export type StacksConfig = z.infer<typeof StacksConfig>;
