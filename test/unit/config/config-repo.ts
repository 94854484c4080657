import { createMemoryTree, type FileTree } from "../../../src/source/file-tree.js";
import { loadDesiredState, type DesiredStateLoad, type LoadDesiredStateOptions } from "../../../src/config/load-desired-state.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";

/** An LXC entry with every required key; `extra` adds or replaces keys. */
export function lxc(name: string, ip: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    memory_mb: 1024,
    cores: 1,
    storage_pool: "local",
    storage_size_gb: 16,
    network_config: { name: "eth0", bridge: "vmbr0", ip },
    ...extra,
  };
}

/** A VM entry; `extra` adds or replaces keys. */
export function vm(vmid: number, name: string, ip: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { vmid, name, network_config: { ip }, ...extra };
}

/**
 * A small valid repo: CA, Traefik and NGINX LXCs, a manager VM running the
 * stack `app`. Each part can be replaced; JSON is written with two-space
 * indentation, so positions in the expected messages are stable.
 */
export interface RepoParts {
  hypervisor?: unknown;
  /** `[ctid, config]` pairs in file order (a JS object would sort integer-like keys). */
  lxcConfigs?: readonly (readonly [string, unknown])[];
  vms?: unknown[];
  stacksConfig?: unknown;
  certificates?: unknown;
  /** Extra or replacement files (raw text); `undefined` removes a file. */
  files?: Record<string, string | undefined>;
}

export const APP_COMPOSE = "services:\n  web:\n    image: nginx:1\n";

export function appManifest(): Record<string, unknown> {
  return {
    description: "The app.",
    environments: {
      production: {
        variables: [{ name: "APP_PORT", value: "8080" }],
        services: { web: { traefik_labels: ["traefik.http.routers.app.rule=Host(`app.internal.example.test`)", "traefik.http.services.app.loadbalancer.server.port=8080"] } },
      },
    },
  };
}

export function buildRepo(parts: RepoParts = {}): FileTree {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const files: Record<string, string | undefined> = {
    "etc/phoenix_hypervisor_config.json": json(parts.hypervisor ?? { domain_name: "internal.example.test" }),
    "etc/phoenix_lxc_configs.json": lxcFileText(
      parts.lxcConfigs ?? [
        ["103", lxc("Step-CA", "10.0.0.10/24", { features: ["step_ca"] })],
        ["102", lxc("Traefik", "10.0.0.12/24", { features: ["traefik"], dependencies: ["103"] })],
        ["101", lxc("Nginx", "10.0.0.153/24", { traefik_service: { name: "nginx", port: 443 } })],
      ],
    ),
    "etc/phoenix_vm_configs.json": json({ vms: parts.vms ?? [vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", docker_stacks: ["app"] })] }),
    "stacks/app/docker-compose.yml": APP_COMPOSE,
    "stacks/app/phoenix.json": json(appManifest()),
  };
  if (parts.stacksConfig !== undefined) files["etc/phoenix_stacks_config.json"] = json(parts.stacksConfig);
  if (parts.certificates !== undefined) files["etc/certificate-manifest.json"] = json(parts.certificates);
  Object.assign(files, parts.files ?? {});
  const present = Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
  return createMemoryTree(present);
}

/**
 * `{"lxc_configs": {...}}` with the keys in the given order: they are
 * prefixed while JSON.stringify runs, so JS does not move "101" before "103".
 */
export function lxcFileText(entries: readonly (readonly [string, unknown])[]): string {
  const configs = Object.fromEntries(entries.map(([id, config]) => [`#${id}`, config]));
  return JSON.stringify({ lxc_configs: configs }, null, 2).replace(/^ {4}"#([^"]*)":/gm, '    "$1":');
}

/** Loads a repo and returns the result with every diagnostic formatted as the CLI prints it. */
export async function loadRepo(tree: FileTree, options: LoadDesiredStateOptions = {}): Promise<DesiredStateLoad & { messages: string[] }> {
  const result = await loadDesiredState(tree, options);
  return { ...result, messages: result.diagnostics.map(formatDiagnostic) };
}
