import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { loadRepoSettings, parseRepoSettings } from "../../../src/settings/load-repo-settings.js";
import { DEFAULT_REPO_SETTINGS } from "../../../src/settings/repo-settings.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";

const messages = (text: string) => parseRepoSettings(text).diagnostics.map(formatDiagnostic);

describe("loadRepoSettings", () => {
  it("gives the defaults when the file is absent", async () => {
    const load = await loadRepoSettings(createMemoryTree({ "etc/phoenix_hypervisor_config.json": "{}" }));
    expect(load).toEqual({ settings: DEFAULT_REPO_SETTINGS, diagnostics: [] });
    expect(load.settings).toMatchObject({ environment: "production", stackNamespace: "{stack}", prune: false, swarm: { resolveImage: "changed" } });
  });

  it("warns about a .yaml file, which Phoenix does not read", async () => {
    const load = await loadRepoSettings(createMemoryTree({ ".github/phoenix.yaml": "prune: true\n" }));
    expect(load.settings.prune).toBe(false);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([
      ".github/phoenix.yaml warning: ignored: Phoenix reads .github/phoenix.yml, so the defaults apply\n  hint: rename it to .github/phoenix.yml",
    ]);
  });

  it("reads every key and fills in what is missing", async () => {
    const text = [
      "environment: staging",
      "instance: platform-eu",
      'stackNamespace: "{env}_{stack}"',
      "swarm:",
      "  endpoint: tcp://10.10.0.111:2376",
      "  resolveImage: always",
      "  concurrency: 2",
      "  nodes: { 1001: node-1, 1002: self }",
      "  join: { enabled: true, user: deploy, port: 2222 }",
      "prune: true",
      "wait: { timeoutSeconds: 120, monitorSeconds: 10 }",
      "drift: { intervalMinutes: 0 }",
      "reconcile: { intervalSeconds: 60, selfHeal: true }",
      "infra:",
      "  targets:",
      "    dns: { kind: ssh, host: pve, user: root, port: 2222, identityFile: /keys/pve, sshOptions: [StrictHostKeyChecking=yes] }",
      "    firewall: { kind: none }",
      "    nginx: { kind: lxc, ctid: 101, reload: nginx -s reload }",
      "readiness: { dns: false, ca: true }",
      "secrets:",
      '  variablePatterns: ["*_DSN"]',
    ].join("\n");
    const load = await loadRepoSettings(createMemoryTree({ ".github/phoenix.yml": text }));
    expect(load.diagnostics).toEqual([]);
    expect(load.settings).toEqual({
      environment: "staging",
      instance: "platform-eu",
      stackNamespace: "{env}_{stack}",
      swarm: { endpoint: "tcp://10.10.0.111:2376", resolveImage: "always", concurrency: 2, nodes: { "1001": "node-1", "1002": "self" }, join: { enabled: true, user: "deploy", port: 2222 } },
      prune: true,
      wait: { timeoutSeconds: 120, monitorSeconds: 10 },
      drift: { intervalMinutes: 0 },
      reconcile: { intervalSeconds: 60, selfHeal: true },
      infra: {
        targets: {
          dns: { kind: "ssh", host: "pve", user: "root", port: 2222, identityFile: "/keys/pve", sshOptions: ["StrictHostKeyChecking=yes"], path: "/etc" },
          firewall: { kind: "none" },
          traefik: { kind: "lxc", path: "/etc/traefik/dynamic" },
          nginx: { kind: "lxc", ctid: "101", path: "/etc/nginx", reload: ["sh", "-c", "nginx -s reload"] },
        },
      },
      readiness: { dns: false, ca: true },
      secrets: { variablePatterns: ["*_DSN"] },
    });
  });

  it("treats an empty file, comments only and keys without a value as the defaults", () => {
    expect(parseRepoSettings("")).toEqual({ settings: DEFAULT_REPO_SETTINGS, diagnostics: [] });
    expect(parseRepoSettings("# nothing set yet\n")).toEqual({ settings: DEFAULT_REPO_SETTINGS, diagnostics: [] });
    expect(parseRepoSettings("swarm:\n  # endpoint: tcp://manager:2376\nwait:\n  timeoutSeconds:\n")).toEqual({ settings: DEFAULT_REPO_SETTINGS, diagnostics: [] });
  });

  it("positions every error at its value, and gives the defaults", () => {
    const text = [
      "prune: yes",
      "wait:",
      "  timeoutSeconds: -3",
      "swarm:",
      "  endpoint: ssh://root@manager",
      "infra:",
      "  targets:",
      "    dns: { kind: lxc }",
      "    firewall: { kind: ftp }",
      "    traefik: { kind: ssh, port: 22 }",
      "secrets:",
      '  variablePatterns: ["ok_*", "not a pattern"]',
    ].join("\n");
    const load = parseRepoSettings(text);
    expect(load.settings).toEqual(DEFAULT_REPO_SETTINGS);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([
      '.github/phoenix.yml:1:8 error prune: expected true or false, got string "yes"',
      ".github/phoenix.yml:3:19 error wait.timeoutSeconds: must be more than 0, got -3",
      '.github/phoenix.yml:5:13 error swarm.endpoint: must be unix:///path/to/docker.sock or tcp://host:port, got "ssh://root@manager"',
      '.github/phoenix.yml:8:10 error infra.targets.dns: missing required key "ctid": the config does not say which container runs dns',
      '.github/phoenix.yml:9:23 error infra.targets.firewall.kind: kind must be one of "local", "lxc", "ssh", "none", got string "ftp"',
      '.github/phoenix.yml:10:14 error infra.targets.traefik: missing required key "host"',
      '.github/phoenix.yml:12:30 error secrets.variablePatterns[1]: must be a name pattern of letters, digits, _ . - and the wildcards * ?, got "not a pattern"',
    ]);
  });

  it("refuses a reconcile interval under 10 seconds other than 0, at its value", () => {
    expect(messages("reconcile:\n  intervalSeconds: 5\n")).toEqual([".github/phoenix.yml:2:20 error reconcile.intervalSeconds: must be 0 (automatic syncs suspended) or at least 10, got 5"]);
    expect(parseRepoSettings("reconcile: { intervalSeconds: 0 }\n").settings.reconcile).toEqual({ intervalSeconds: 0, selfHeal: false });
    expect(messages("reconcile: { intervalSeconds: 10, selfHeal: yes }\n")).toEqual(['.github/phoenix.yml:1:45 error reconcile.selfHeal: expected true or false, got string "yes"']);
  });

  it("warns about unknown keys, suggesting the camelCase spelling Phoenix knows", () => {
    expect(messages("swarm:\n  resolve_image: never\n  registry_auth: x\nfoo: 1\n")).toEqual([
      '.github/phoenix.yml:2:3 warning swarm.resolve_image: unknown key "resolve_image" (kept, not used by Phoenix)\n  hint: settings keys are camelCase: did you mean "resolveImage"?',
      '.github/phoenix.yml:3:3 warning swarm.registry_auth: unknown key "registry_auth" (kept, not used by Phoenix)',
      '.github/phoenix.yml:4:1 warning foo: unknown key "foo" (kept, not used by Phoenix)',
    ]);
  });

  it("reports YAML syntax errors and duplicate keys with their position", () => {
    expect(messages("wait: [1, 2\n")).toEqual([".github/phoenix.yml:2:1 error: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
    expect(messages("prune: true\nprune: false\n")).toEqual([".github/phoenix.yml:2:1 error: Map keys must be unique"]);
  });

  it("refuses a document that is not a mapping", () => {
    expect(messages("- prune\n")).toEqual([".github/phoenix.yml:1:1 error: must be a mapping of settings (environment:, swarm:, …), got an array"]);
  });
});
