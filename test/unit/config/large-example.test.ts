import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { loadDesiredState, type DesiredStateLoad } from "../../../src/config/load-desired-state.js";
import type { DesiredState } from "../../../src/config/desired-state.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { loadCompose } from "../../../src/compose/load-compose.js";

/**
 * A config repo of the size and shape of a real installation, written for
 * these tests: templates cloned in chains, GPU model servers, the gateway,
 * proxy and CA, a manager and two workers with node labels, four stacks over
 * three environments, central and per-stack definitions that are merged, and
 * the two inconsistencies real repos carry (a file on the hypervisor,
 * Traefik labels that differ between the two stack files).
 */
const LARGE_EXAMPLE = path.resolve(import.meta.dirname, "../../fixtures/config-repos/large-example");

describe("the large example config", () => {
  let result: DesiredStateLoad;
  let state: DesiredState;
  beforeAll(async () => {
    result = await loadDesiredState(createDirectoryTree(LARGE_EXAMPLE), { loadCompose });
    if (!result.state) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
    state = result.state;
  });

  it("loads with no error and only its two deliberate warnings", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.path}`)).toEqual([
      "etc/phoenix_stacks_config.json:147:39 warning docker_stacks.ledger_app.environments.staging.files[0].source",
      "stacks/edge_dashboard/phoenix.json:9:39 warning environments.production.services.dashboard.traefik_labels",
    ]);
    expect(state.warnings).toEqual(result.diagnostics);
  });

  it("keeps the LXCs in file key order, then the VMs", () => {
    expect(state.guests.map((g) => `${g.kind}:${g.id}`)).toEqual(
      ["950", "951", "960", "961", "962", "104", "970", "971", "106", "105"].map((id) => `lxc:${id}`).concat(["vm:9100", "vm:1201", "vm:1202", "vm:1203"]),
    );
  });

  it("follows clone chains and dependencies across LXCs and VMs", () => {
    const dependsOn = Object.fromEntries(state.guests.map((g) => [g.id, g.dependsOn]));
    expect(dependsOn).toMatchObject({
      "950": [],
      "951": ["950", "1201"],
      "960": ["951"],
      "961": ["960", "104"],
      "971": ["951", "104", "106"],
      "1201": ["9100", "105"],
      "1203": ["9100", "1201"],
    });
    expect(state.guests.filter((g) => g.isTemplate).map((g) => g.id)).toEqual(["950", "951", "960", "9100"]);
    const template = state.guests.find((g) => g.id === "9100");
    expect(template).toMatchObject({ ip: undefined, cidr: "dhcp" });
    expect(state.guests.find((g) => g.id === "962")?.origin).toEqual({ file: "etc/phoenix_lxc_configs.json", path: 'lxc_configs["962"]', line: 240, column: 9 });
  });

  it("derives the roles from features, names and portainer roles", () => {
    expect(state.roles).toEqual({ gateway: "104", proxy: "105", ca: "106", swarmManager: "1201", swarmWorkers: ["1202", "1203"] });
  });

  it("reads every stack assignment: bare names, objects, one stack in three environments", () => {
    expect(state.assignments.map((a) => `${a.vmid} ${a.stack} ${a.environment} ${a.origin.path}`)).toEqual([
      "1201 edge_dashboard production vms[1].docker_stacks[0]",
      "1201 ledger_app production vms[1].docker_stacks[1]",
      "1201 metrics_probe production vms[1].docker_stacks[2]",
      "1202 vector_store production vms[2].docker_stacks[0]",
      "1202 ledger_app staging vms[2].docker_stacks[1]",
      "1203 ledger_app development vms[3].docker_stacks[0]",
    ]);
  });

  it("lists guest routes in guest order, then stack routers with every Host of their rule", () => {
    expect(state.traefikServices.map((s) => `${s.name} ${s.hosts.join(",")} ${s.backend.kind === "guest" ? `${s.backend.scheme}://${s.backend.ip}:${s.backend.port}` : `${s.backend.stack}/${s.backend.service}:${s.backend.port}`}`)).toEqual([
      "embed-small embed-small.corp.harbor.test http://10.42.0.161:8000",
      "rerank rerank.corp.harbor.test http://10.42.0.162:8000",
      "nginx nginx.corp.harbor.test http://10.42.0.14:443",
      "chat chat.corp.harbor.test http://10.42.0.170:11434",
      "codegen codegen.corp.harbor.test http://10.42.0.171:8081",
      "pki pki.corp.harbor.test http://10.42.0.16:9000",
      "fleet fleet.corp.harbor.test https://10.42.0.121:9443",
      "fleet-agent-a fleet-agent-a.corp.harbor.test https://10.42.0.122:9001",
      "fleet-agent-b fleet-agent-b.corp.harbor.test https://10.42.0.123:9001",
      "dashboard dashboard.corp.harbor.test,fleet.corp.harbor.test edge_dashboard/dashboard:9000",
      "ledger ledger.corp.harbor.test,books.corp.harbor.test ledger_app/web:8200",
      "ledger-staging ledger-staging.corp.harbor.test ledger_app/web:8201",
      "ledger-dev ledger-dev.corp.harbor.test ledger_app/web:8202",
      "vectors vectors.corp.harbor.test vector_store/vectors:7700",
    ]);
  });

  it("merges the central stacks file with the per-stack manifests, per environment", () => {
    expect([...state.stacks.keys()]).toEqual(["edge_dashboard", "ledger_app", "metrics_probe", "vector_store"]);
    const ledger = state.stacks.get("ledger_app");
    expect([...(ledger?.environments.keys() ?? [])]).toEqual(["production", "staging", "development"]);
    const production = ledger?.environments.get("production");
    // phoenix.json overrides LEDGER_LOG_LEVEL and keeps the central order; names with PASSWORD or TOKEN are secrets.
    expect(production?.variables.map((v) => `${v.name}=${v.value}${v.secret ? " (secret)" : ""}`)).toEqual([
      "LEDGER_PORT=8200",
      "LEDGER_DB_USER=ledger_prod",
      "LEDGER_DB_PASSWORD=prod-ledger-password-example (secret)",
      "LEDGER_API_TOKEN=tok-prod-example (secret)",
      "LEDGER_LOG_LEVEL=warn",
      "LEDGER_REPLICAS=3",
    ]);
    // A source is looked up under stacks/<name>/ first, then from the repo root; persistent-storage/ stays on the hypervisor.
    expect(production?.files.map((f) => `${f.repoPath ?? "(hypervisor)"} -> ${f.target}`)).toEqual([
      "stacks/ledger_app/configs/production.env -> /srv/ledger/ledger.env",
      "stacks/ledger_app/configs/feature-flags.json -> /srv/ledger/flags.json",
    ]);
    expect(ledger?.environments.get("staging")?.files).toEqual([
      { repoPath: undefined, source: "persistent-storage/ledger/configs/staging.env", target: "/srv/ledger/ledger.env", origin: expect.objectContaining({ path: expect.stringMatching(/files\[0\]\.source$/) }) },
    ]);
    // phoenix.json's firewall_rules replace the central ones.
    expect(production?.firewallRules.map((r) => r.comment)).toEqual(["Traefik reaches the ledger", "The gateway health-checks the ledger"]);
    expect(ledger?.environments.get("staging")?.firewallRules.map((r) => r.comment)).toEqual(["Traefik reaches the staging ledger"]);
    expect(ledger?.environments.get("development")?.variables.find((v) => v.name === "LEDGER_REPLICAS")?.value).toBe("1");
    const dashboard = state.stacks.get("edge_dashboard")?.environments.get("production")?.services.get("dashboard");
    expect(dashboard?.traefikLabels).toContain("traefik.http.routers.dashboard.tls.certresolver=harbor-acme");
  });

  it("interpolates each environment's variables into its own compose project", () => {
    const ledger = state.stacks.get("ledger_app");
    const web = (env: string) => ledger?.environments.get(env)?.compose?.services.find((s) => s.name === "web");
    expect(["production", "staging", "development"].map((env) => web(env)?.ports.map((p) => p.published))).toEqual([[8200], [8201], [8202]]);
    expect(["production", "staging", "development"].map((env) => web(env)?.deploy.replicas)).toEqual([3, 2, 1]);
    expect(web("production")?.environment).toMatchObject({ LEDGER_LOG_LEVEL: "warn", LEDGER_DB_USER: "ledger_prod" });
    const probe = state.stacks.get("metrics_probe")?.environments.get("production")?.compose?.services[0];
    expect(probe?.deploy.mode).toBe("global");
    expect(probe?.environment).toMatchObject({ PROBE_INTERVAL: "30s", PROBE_NODE: "{{.Node.Hostname}}" });
  });

  it("keeps the hypervisor settings: domain, firewall (main layout), certificates, DNS records", () => {
    expect(state.domain).toBe("corp.harbor.test");
    expect([state.firewall.enabled, state.firewall.policyIn, state.firewall.policyOut]).toEqual([true, "DROP", "ACCEPT"]);
    expect(state.firewall.globalRules.map((r) => `${r.type} ${r.proto} ${r.port ?? "-"}`)).toEqual([
      "in tcp 80",
      "in tcp 443",
      "in udp 53",
      "in tcp 53",
      "in tcp 2049",
      "in tcp 8006",
      "in icmp -",
      "out tcp 443",
      "out tcp 80,443",
    ]);
    expect(state.certificates.map((c) => c.common_name)).toEqual(["nginx.corp.harbor.test", "fleet.corp.harbor.test", "traefik.corp.harbor.test", "registry.corp.harbor.test"]);
    expect(state.dnsRecords.map((r) => `${r.hostname} ${r.ip} ${r.origin.path}`)).toEqual([
      'proxy.corp.harbor.test 10.42.0.15 lxc_configs["105"].dns_records[0]',
      "swarm.corp.harbor.test 10.42.0.121 vms[1].dns_records[0]",
      "registry.corp.harbor.test 10.42.0.122 vms[2].dns_records[0]",
    ]);
  });
});
