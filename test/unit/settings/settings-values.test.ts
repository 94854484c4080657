import { describe, expect, it } from "vitest";
import { parseRepoSettings } from "../../../src/settings/load-repo-settings.js";
import { DEFAULT_REPO_SETTINGS, renderRepoSettingsJsonSchema } from "../../../src/settings/repo-settings.js";
import { createSecretNameMatcher } from "../../../src/settings/secret-patterns.js";
import { checkStackNamespaceTemplate, resolveStackNamespace } from "../../../src/settings/stack-namespace.js";
import { toLxcTransportOptions, toSshTransportOptions } from "../../../src/settings/infra-target-transports.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";

describe("stack namespaces", () => {
  it("fills in the stack and the environment", () => {
    expect(resolveStackNamespace("{stack}", { stack: "web_app", environment: "production" })).toBe("web_app");
    expect(resolveStackNamespace("{env}_{stack}", { stack: "web_app", environment: "production" })).toBe("production_web_app");
  });

  it.each([
    ["{stack}", undefined],
    ["{env}_{stack}", undefined],
    ["prod-{stack}", undefined],
    ["{env}", "must contain {stack}"],
    ["{environment}_{stack}", "unknown placeholder {environment}: use {stack} and {env}"],
    ["{env}.{stack}", "may contain only letters, digits, _ and - besides {stack} and {env}"],
    ["_{stack}", "must start with a letter, a digit or a placeholder"],
  ])("checks %s", (template, problem) => {
    expect(checkStackNamespaceTemplate(template)).toBe(problem);
  });

  it("rejects an invalid template in the settings file", () => {
    expect(parseRepoSettings('stackNamespace: "{env}"\n').diagnostics.map(formatDiagnostic)).toEqual([
      '.github/phoenix.yml:1:17 error stackNamespace: must contain {stack}, got "{env}"',
    ]);
  });
});

describe("secret name patterns", () => {
  it("always applies the built-in rule and adds the patterns, case-insensitively over the whole name", () => {
    const isSecret = createSecretNameMatcher(["*_DSN", "SMTP_?"]);
    expect(["DB_PASSWORD", "api_token", "SENTRY_DSN", "smtp_1"].filter(isSecret)).toEqual(["DB_PASSWORD", "api_token", "SENTRY_DSN", "smtp_1"]);
    expect(["DSN_HOST", "SMTP_10", "LOG_LEVEL"].filter(isSecret)).toEqual([]);
    expect(createSecretNameMatcher()("SENTRY_DSN")).toBe(false);
  });

  it("treats regex characters in a pattern literally", () => {
    expect(createSecretNameMatcher(["A.B"])("AXB")).toBe(false);
    expect(createSecretNameMatcher(["A.B"])("a.b")).toBe(true);
  });
});

describe("infra targets", () => {
  it("default to the production layout", () => {
    expect(DEFAULT_REPO_SETTINGS.infra.targets).toEqual({
      dns: { kind: "local", path: "/etc" },
      firewall: { kind: "local", path: "/etc/pve/firewall" },
      traefik: { kind: "lxc", path: "/etc/traefik/dynamic" },
      nginx: { kind: "lxc", path: "/etc/nginx" },
    });
  });

  it("map onto the transports' options", () => {
    const ssh = parseRepoSettings("infra: { targets: { dns: { kind: ssh, host: pve, user: root, port: 2222 } } }").settings.infra.targets.dns;
    if (ssh.kind !== "ssh") throw new Error("expected an ssh target");
    expect(toSshTransportOptions(ssh)).toEqual({ destination: "root@pve", port: 2222 });
    const lxc = DEFAULT_REPO_SETTINGS.infra.targets.traefik;
    if (lxc.kind !== "lxc") throw new Error("expected an lxc target");
    expect(toLxcTransportOptions(lxc, "102")).toEqual({ ctid: "102" });
    expect(toLxcTransportOptions({ ...lxc, ctid: "105" }, "102")).toEqual({ ctid: "105" });
    expect(toLxcTransportOptions(lxc, undefined)).toBeUndefined();
  });

  it("refuse a relative path", () => {
    expect(parseRepoSettings("infra: { targets: { nginx: { kind: local, path: etc/nginx } } }").diagnostics.map((d) => d.message)).toEqual([
      'must be an absolute path of letters, digits, . _ - and /, without //, . or .. segments, got "etc/nginx"',
    ]);
  });
});

describe("the settings JSON Schema", () => {
  it("describes every key for editors", () => {
    const schema = renderRepoSettingsJsonSchema() as { properties: Record<string, { description?: string }> };
    expect(Object.keys(schema.properties)).toEqual(["environment", "instance", "stackNamespace", "swarm", "prune", "wait", "drift", "reconcile", "infra", "readiness", "certificates", "secrets"]);
    for (const [key, property] of Object.entries(schema.properties)) expect({ key, described: Boolean(property.description) }).toEqual({ key, described: true });
  });
});
