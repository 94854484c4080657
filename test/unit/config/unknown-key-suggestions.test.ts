import { describe, expect, it } from "vitest";
import { measureEditDistance, suggestKnownKey } from "../../../src/config/suggest-known-key.js";
import { parseRepoSettings } from "../../../src/settings/load-repo-settings.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { appManifest, buildRepo, loadRepo, vm } from "./config-repo.js";

describe("suggestKnownKey", () => {
  it("offers the same words in the known spelling first, then the nearest key", () => {
    expect(suggestKnownKey("resolve_image", ["resolveImage", "registryAuth"])).toEqual({ key: "resolveImage", sameWords: true });
    expect(suggestKnownKey("docker_stack", ["vmid", "name", "docker_stacks", "dns_records"])).toEqual({ key: "docker_stacks", sameWords: false });
    expect(suggestKnownKey("enviroments", ["description", "environments", "placement"])).toEqual({ key: "environments", sameWords: false });
    expect(suggestKnownKey("prun", ["prune", "instance"])).toEqual({ key: "prune", sameWords: false });
  });

  it("offers nothing when no known key is near", () => {
    expect(suggestKnownKey("foo", ["prune", "instance"])).toBeUndefined();
    expect(suggestKnownKey("vlan", ["name", "bridge", "ip", "gw"])).toBeUndefined();
    expect(suggestKnownKey("x".repeat(10_000), ["docker_stacks"])).toBeUndefined();
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(measureEditDistance("dcoker_stacks", "docker_stacks")).toBe(1);
    expect(measureEditDistance("abc", "abc")).toBe(0);
    expect(measureEditDistance("kitten", "sitting")).toBe(3);
  });
});

describe("unknown keys in the config files", () => {
  it("a misspelt docker_stacks is an error at the key: the stacks it lists would be deployed nowhere", async () => {
    const result = await loadRepo(buildRepo({ vms: [vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", docker_stack: ["app"] })] }));
    expect(result.state).toBeUndefined();
    expect(result.messages).toEqual([
      'etc/phoenix_vm_configs.json:10:7 error vms[0].docker_stack: unknown key "docker_stack": what it lists would be deployed nowhere (and a sync with prune on would remove it as orphaned)\n  hint: did you mean "docker_stacks"?',
    ]);
  });

  it("a misspelt environments in a stack's phoenix.json is an error too", async () => {
    const { environments, ...rest } = appManifest();
    const result = await loadRepo(buildRepo({ files: { "stacks/app/phoenix.json": JSON.stringify({ ...rest, enviroments: environments }, null, 2) } }));
    expect(result.messages[0]).toMatch(/^stacks\/app\/phoenix\.json:3:3 error enviroments: unknown key "enviroments": what it lists would be deployed nowhere/);
    expect(result.messages[0]).toContain('hint: did you mean "environments"?');
  });

  it("a near miss beside the real key stays a warning, with the hint", async () => {
    const result = await loadRepo(buildRepo({ vms: [vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", docker_stacks: ["app"], docker_stack: [] })] }));
    expect(result.messages).toEqual(['etc/phoenix_vm_configs.json:13:7 warning vms[0].docker_stack: unknown key "docker_stack" (kept, not used by Phoenix)\n  hint: did you mean "docker_stacks"?']);
    expect(result.state).toBeDefined();
  });

  it("a key far from every known one is a warning without a hint", async () => {
    const result = await loadRepo(buildRepo({ vms: [vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", docker_stacks: ["app"], zzz_custom: 1 })] }));
    expect(result.messages).toEqual(['etc/phoenix_vm_configs.json:13:7 warning vms[0].zzz_custom: unknown key "zzz_custom" (kept, not used by Phoenix)']);
  });
});

describe("unknown keys in .github/phoenix.yml", () => {
  it("suggest the nearest known key by edit distance", () => {
    const messages = parseRepoSettings("prun: true\n").diagnostics.map(formatDiagnostic);
    expect(messages).toEqual(['.github/phoenix.yml:1:1 warning prun: unknown key "prun" (kept, not used by Phoenix)\n  hint: did you mean "prune"?']);
  });
});
