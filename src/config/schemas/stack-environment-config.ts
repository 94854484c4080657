import { z } from "zod";
import { FirewallRule } from "./firewall-rule.js";
import { EnvironmentName, Text } from "./primitives.js";
import { TraefikLabel } from "./traefik-label.js";

/** A variable for compose interpolation (`${NAME}`). */
export const StackVariableConfig = z.looseObject({
  /** Variable name. */
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name: letters, digits and '_', not starting with a digit")
    .describe("Variable name; names containing PASS, PASSWORD, SECRET, TOKEN, KEY or CREDENTIAL are treated as secrets."),
  /** Variable value. */
  value: z.string().describe("Variable value."),
}).describe("A variable for compose interpolation.");

/** A file mounted into the stack's services. */
export const StackFileConfig = z.looseObject({
  /** Path of the file: relative to the stack directory, else to the repo root. */
  source: Text.describe("Path of the file, relative to stacks/<name>/ or else to the repo root; persistent-storage/… paths live on the hypervisor."),
  /** Absolute path inside the container. */
  destination_in_container: z
    .string()
    .regex(/^\//, "must be an absolute path inside the container")
    .describe("Absolute path inside the container."),
}).describe("A file mounted into the services as a Swarm config.");

/** Per compose service settings. */
export const StackServiceConfig = z.looseObject({
  /** Labels added to the service's `deploy.labels` for Traefik's swarm provider. */
  traefik_labels: z
    .array(TraefikLabel)
    .optional()
    .describe("Traefik labels key=value, added to the service's deploy.labels; one line each, router rules in Traefik's rule grammar."),
}).describe("Settings of one compose service.");

/** One environment of a stack (`production`, `testing`, …). */
export const StackEnvironmentConfig = z.looseObject({
  /** Variables for compose interpolation, in order. */
  variables: z.array(StackVariableConfig).optional().describe("Variables for compose interpolation."),
  /** Files mounted into the services as Swarm configs. */
  files: z.array(StackFileConfig).optional().describe("Files mounted into the services as Swarm configs."),
  /** Per compose service settings. */
  services: z
    .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a compose service name"), StackServiceConfig)
    .optional()
    .describe("Settings per compose service, keyed by service name."),
  /** Firewall rules the stack needs on the VM that runs it. */
  firewall_rules: z.array(FirewallRule).optional().describe("Firewall rules the stack needs on the VM that runs it."),
}).describe("Settings of one environment of the stack.");
export type StackEnvironmentConfig = z.infer<typeof StackEnvironmentConfig>;

/** Environments by name. */
export const StackEnvironments = z.record(EnvironmentName, StackEnvironmentConfig).describe("Environments by name (production, testing, …).");
