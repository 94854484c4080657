import { describe, expect, it } from "vitest";
import { checkOperatorPolicy, readOperatorPolicy } from "../../../src/trust/operator-policy.js";
import { RepoSettings } from "../../../src/settings/repo-settings.js";

const settings = (targets: Record<string, unknown>) => RepoSettings.parse({ infra: { targets: { dns: { kind: "none" }, firewall: { kind: "none" }, traefik: { kind: "none" }, nginx: { kind: "none" }, ...targets } } });

describe("the operator policy", () => {
  it("allows everything in the CLI and refuses ssh hosts and repo commands in serve, until the environment says otherwise", () => {
    expect(readOperatorPolicy({}, "cli")).toEqual({ allowRepoCommands: true });
    expect(readOperatorPolicy({}, "serve")).toEqual({ allowedHosts: [], allowRepoCommands: false });
    expect(readOperatorPolicy({ PHOENIX_ALLOWED_HOSTS: " gw.lan, *.pve.lan ", PHOENIX_ALLOW_REPO_COMMANDS: "true", PHOENIX_ALLOWED_PATHS: "/srv" }, "serve")).toEqual({
      allowedHosts: ["gw.lan", "*.pve.lan"],
      allowedPaths: ["/srv"],
      allowRepoCommands: true,
    });
    expect(readOperatorPolicy({ PHOENIX_ALLOW_REPO_COMMANDS: "no" }, "cli").allowRepoCommands).toBe(false);
  });

  it("matches hosts exactly or by a *. suffix, and paths by directory", () => {
    const policy = { allowedHosts: ["gw.lan", "*.pve.lan"], allowedPaths: ["/srv/phoenix/"], allowRepoCommands: true };
    const ssh = (host: string) => settings({ dns: { kind: "ssh", host, path: "/etc" } });
    expect(checkOperatorPolicy(ssh("gw.lan"), policy)).toEqual([]);
    expect(checkOperatorPolicy(ssh("node1.pve.lan"), policy)).toEqual([]);
    expect(checkOperatorPolicy(ssh("pve.lan"), policy)).toHaveLength(1);
    expect(checkOperatorPolicy(ssh("evil-gw.lan"), policy)).toHaveLength(1);
    const local = (p: string) => settings({ traefik: { kind: "local", path: p } });
    expect(checkOperatorPolicy(local("/srv/phoenix/traefik"), policy)).toEqual([]);
    expect(checkOperatorPolicy(local("/srv/phoenixx"), policy)).toHaveLength(1);
  });

  it("names the target, the key and what the operator allows", () => {
    const [refusal] = checkOperatorPolicy(settings({ dns: { kind: "ssh", host: "10.0.0.9", path: "/etc", reload: "true" } }), { allowedHosts: [], allowRepoCommands: true });
    expect(refusal).toMatchObject({ severity: "error", code: "TRUST_POLICY_REFUSED", file: ".github/phoenix.yml", path: "infra.targets.dns.host" });
    expect(refusal?.hint).toContain("PHOENIX_ALLOWED_HOSTS");
  });
});
