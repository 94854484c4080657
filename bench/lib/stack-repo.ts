/**
 * A generated config repo of N stacks for benchmarks: the bundled example's
 * `etc/` with every stack assigned to its first swarm VM, and N copies of the
 * example `stacks/status_page` (`s000`, `s001`, …), each with its own Traefik
 * router names and host.
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const TEMPLATE_DIR = path.join(repoRoot, "stacks", "status_page");
/** The production STATUS_MESSAGE of the template; a benchmark commit changes it to change one stack. */
export const TEMPLATE_MESSAGE = "All systems operational";

export interface StackTemplate {
  readonly compose: string;
  readonly manifest: string;
}

export interface StackRepoOptions {
  readonly stacks: number;
  /** `.github/phoenix.yml` settings besides the infra targets, which are all `none` (e.g. `stackNamespace: "bench-{stack}"\n`). */
  readonly settings: string;
  /** STATUS_REPLICAS of every stack; default the template's. `0` deploys services that start no task. */
  readonly replicas?: number;
}

export function stackName(index: number): string {
  return `s${String(index).padStart(3, "0")}`;
}

export async function loadStackTemplate(): Promise<StackTemplate> {
  return {
    compose: await readFile(path.join(TEMPLATE_DIR, "docker-compose.yml"), "utf8"),
    manifest: await readFile(path.join(TEMPLATE_DIR, "phoenix.json"), "utf8"),
  };
}

/** The template's `phoenix.json` for stack `name`, with its production message and replica count when given. */
export function renderStackManifest(template: StackTemplate, name: string, options: { readonly message?: string; readonly replicas?: number } = {}): string {
  let manifest = template.manifest
    .replaceAll("routers.status.", `routers.${name}.`)
    .replaceAll("services.status.", `services.${name}.`)
    .replaceAll("status.internal", `${name}.internal`);
  if (options.message !== undefined) manifest = manifest.replace(`"value": "${TEMPLATE_MESSAGE}"`, `"value": ${JSON.stringify(options.message)}`);
  // Production's STATUS_REPLICAS comes first; staging's is left alone.
  if (options.replicas !== undefined) manifest = manifest.replace(/("name": "STATUS_REPLICAS",\s*"value": )"\d+"/, `$1"${options.replicas}"`);
  return manifest;
}

/** Writes the repo into `dir` (which must exist) and returns the stack names. */
export async function writeStackRepo(dir: string, options: StackRepoOptions): Promise<string[]> {
  await cp(path.join(repoRoot, "etc"), path.join(dir, "etc"), { recursive: true });
  // Its entries name the example's stacks, which this repo replaces.
  await rm(path.join(dir, "etc", "phoenix_stacks_config.json"));
  const template = await loadStackTemplate();
  const names: string[] = [];
  for (let i = 0; i < options.stacks; i++) {
    const name = stackName(i);
    names.push(name);
    const stackDir = path.join(dir, "stacks", name);
    await mkdir(path.join(stackDir, "configs"), { recursive: true });
    await cp(path.join(TEMPLATE_DIR, "configs"), path.join(stackDir, "configs"), { recursive: true });
    await writeFile(path.join(stackDir, "docker-compose.yml"), template.compose);
    await writeFile(path.join(stackDir, "phoenix.json"), renderStackManifest(template, name, options.replicas === undefined ? {} : { replicas: options.replicas }));
  }
  const vmsFile = path.join(dir, "etc", "phoenix_vm_configs.json");
  const vms = JSON.parse(await readFile(vmsFile, "utf8")) as { vms: { docker_stacks?: unknown[] }[] };
  let first = true;
  for (const vm of vms.vms) {
    if (!vm.docker_stacks) continue;
    vm.docker_stacks = first ? names : [];
    first = false;
  }
  await writeFile(vmsFile, JSON.stringify(vms, null, 4));
  await mkdir(path.join(dir, ".github"), { recursive: true });
  const targets = "infra:\n  targets:\n    dns: { kind: none }\n    firewall: { kind: none }\n    traefik: { kind: none }\n    nginx: { kind: none }\n";
  await writeFile(path.join(dir, ".github", "phoenix.yml"), `${options.settings}${targets}`);
  return names;
}
