import type { StackAssignment } from "./desired-state.js";
import type { VmConfigsFile } from "./schemas/vm-config.js";
import type { ConfigFile } from "./read-config-file.js";
import { originOf } from "./origin.js";

/**
 * The VMs' `docker_stacks` entries in file order. A plain name means the
 * default environment, which the bash tooling hard-coded as `production`.
 */
export function buildAssignments(vm: ConfigFile<VmConfigsFile> | undefined, defaultEnvironment: string): StackAssignment[] {
  if (!vm?.value) return [];
  const doc = vm.doc;
  return vm.value.vms.flatMap((config, i) =>
    (config.docker_stacks ?? []).map((entry, j) => ({
      stack: typeof entry === "string" ? entry : entry.name,
      environment: typeof entry === "string" ? defaultEnvironment : (entry.environment ?? defaultEnvironment),
      vmid: String(config.vmid),
      origin: originOf(doc, ["vms", i, "docker_stacks", j]),
    })),
  );
}
