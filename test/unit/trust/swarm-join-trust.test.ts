import { describe, expect, it } from "vitest";
import { RepoSettings } from "../../../src/settings/repo-settings.js";
import { applyTrustedSettings } from "../../../src/trust/trusted-settings.js";
import { diffExecutionValues, listExecutionValues } from "../../../src/trust/execution-values.js";
import { checkOperatorPolicy } from "../../../src/trust/operator-policy.js";
import { buildDesiredState } from "../infra/desired-state-fixture.js";

const NONE = { dns: { kind: "none" }, firewall: { kind: "none" }, traefik: { kind: "none" }, nginx: { kind: "none" } };
const settings = (join: unknown) => RepoSettings.parse({ infra: { targets: NONE }, swarm: { join } });
const state = buildDesiredState({
  guests: [
    { kind: "vm", id: "1001", name: "swarm-manager", cidr: "10.214.0.11/24", features: ["docker"], config: { portainer_role: "primary" } },
    { kind: "vm", id: "1002", name: "swarm-worker", cidr: "10.214.0.12/24", features: ["docker"], config: { portainer_role: "agent" } },
  ],
});

describe("swarm.join settings", () => {
  it("are off by default, with root as the user", () => {
    expect(RepoSettings.parse({}).swarm.join).toEqual({ enabled: false, user: "root" });
  });

  it("refuse a user ssh would read as an option, and ssh options off the allow-list", () => {
    expect(RepoSettings.safeParse({ swarm: { join: { enabled: true, user: "-oProxyCommand=touch" } } }).success).toBe(false);
    expect(RepoSettings.safeParse({ swarm: { join: { enabled: true, sshOptions: ["ProxyCommand=touch /tmp/x"] } } }).success).toBe(false);
    expect(RepoSettings.safeParse({ swarm: { join: { enabled: true, identityFile: "relative/key" } } }).success).toBe(false);
    expect(RepoSettings.safeParse({ swarm: { join: { enabled: true, user: "deploy", port: 2222, sshOptions: ["StrictHostKeyChecking=yes"] } } }).success).toBe(true);
  });
});

describe("swarm.join across the trust boundary", () => {
  it("is the trusted ref's: a pull request can neither turn it on nor change the user", () => {
    const trusted = settings({});
    const planned = settings({ enabled: true, user: "attacker", sshOptions: ["StrictHostKeyChecking=no"] });
    expect(applyTrustedSettings(planned, trusted).swarm.join).toEqual({ enabled: false, user: "root" });
    const on = settings({ enabled: true, user: "deploy" });
    expect(applyTrustedSettings(settings({}), on).swarm.join).toEqual({ enabled: true, user: "deploy" });
  });

  it("is an execution value, and so are the VMs' addresses while it is on", () => {
    const off = listExecutionValues(settings({}), state);
    const on = listExecutionValues(settings({ enabled: true }), state);
    const changes = diffExecutionValues(off, on).map((c) => c.setting);
    expect(changes).toContain("swarm.join");
    expect(changes).toContain("VM 1002's network_config.ip (swarm.join connects to it over ssh)");
    expect([...off.keys()].some((k) => k.includes("network_config.ip"))).toBe(false);
  });
});

describe("swarm.join and the operator policy", () => {
  it("refuses every VM address PHOENIX_ALLOWED_HOSTS does not allow, and serve allows none by default", () => {
    const serve = { allowedHosts: [], allowRepoCommands: false };
    const refusals = checkOperatorPolicy(settings({ enabled: true }), serve, state);
    expect(refusals.map((d) => [d.code, d.path])).toEqual([
      ["TRUST_POLICY_REFUSED", "swarm.join.enabled"],
      ["TRUST_POLICY_REFUSED", "swarm.join.enabled"],
    ]);
    expect(refusals[1]?.message).toContain('"10.214.0.12" (VM 1002, swarm-worker)');
    expect(refusals[1]?.hint).toContain("PHOENIX_ALLOWED_HOSTS");
    expect(checkOperatorPolicy(settings({ enabled: true }), { allowedHosts: ["10.214.0.11"], allowRepoCommands: false }, state)).toHaveLength(1);
    expect(checkOperatorPolicy(settings({ enabled: true }), { allowedHosts: ["*"], allowRepoCommands: false }, state)).toEqual([]);
    expect(checkOperatorPolicy(settings({}), serve, state)).toEqual([]);
  });
});
