import type { z } from "zod";
import { HypervisorConfig } from "./schemas/hypervisor-config.js";
import { LxcConfigsFile } from "./schemas/lxc-config.js";
import { VmConfigsFile } from "./schemas/vm-config.js";
import { StacksConfig } from "./schemas/stacks-config.js";
import { CertificateManifest } from "./schemas/certificate-manifest.js";
import { StackManifest } from "./schemas/stack-manifest.js";

/** A file of the Phoenix config format and the schema it must satisfy. */
export interface ConfigFileSpec {
  /** Path relative to the repo root; `<name>` stands for a stack directory. */
  readonly path: string;
  readonly schema: z.ZodType;
  /** Missing is an error. */
  readonly required: boolean;
  /** Name of the exported JSON Schema under `schemas/`. */
  readonly schemaFile: string;
}

export const HYPERVISOR_FILE = {
  path: "etc/phoenix_hypervisor_config.json",
  schema: HypervisorConfig,
  required: true,
  schemaFile: "phoenix_hypervisor_config.schema.json",
} as const satisfies ConfigFileSpec;

export const LXC_FILE = {
  path: "etc/phoenix_lxc_configs.json",
  schema: LxcConfigsFile,
  required: true,
  schemaFile: "phoenix_lxc_configs.schema.json",
} as const satisfies ConfigFileSpec;

export const VM_FILE = {
  path: "etc/phoenix_vm_configs.json",
  schema: VmConfigsFile,
  required: true,
  schemaFile: "phoenix_vm_configs.schema.json",
} as const satisfies ConfigFileSpec;

export const STACKS_FILE = {
  path: "etc/phoenix_stacks_config.json",
  schema: StacksConfig,
  required: false,
  schemaFile: "phoenix_stacks_config.schema.json",
} as const satisfies ConfigFileSpec;

export const CERTIFICATES_FILE = {
  path: "etc/certificate-manifest.json",
  schema: CertificateManifest,
  required: false,
  schemaFile: "certificate-manifest.schema.json",
} as const satisfies ConfigFileSpec;

export const STACK_MANIFEST_FILE = {
  path: "stacks/<name>/phoenix.json",
  schema: StackManifest,
  required: false,
  schemaFile: "phoenix.schema.json",
} as const satisfies ConfigFileSpec;

/** Every file of the format, in the order the docs describe them. */
export const CONFIG_FILES: readonly ConfigFileSpec[] = [HYPERVISOR_FILE, LXC_FILE, VM_FILE, STACKS_FILE, STACK_MANIFEST_FILE, CERTIFICATES_FILE];

/** Where a stack's manifest lives. */
export function stackManifestPath(stack: string): string {
  return `stacks/${stack}/phoenix.json`;
}
