import { beforeAll, describe, expect, it } from "vitest";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { loadDesiredState, type DesiredStateLoad } from "../../../src/config/load-desired-state.js";
import type { DesiredState } from "../../../src/config/desired-state.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { REFERENCE_CONFIG as REFERENCE, hasReferenceConfig, referenceConfigSkipNote } from "../../helpers/reference-config.js";

describe.skipIf(!hasReferenceConfig)(`the reference config (the bash tooling's real configuration)${referenceConfigSkipNote}`, () => {
  let result: DesiredStateLoad;
  let state: DesiredState;
  beforeAll(async () => {
    result = await loadDesiredState(createDirectoryTree(REFERENCE));
    if (!result.state) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
    state = result.state;
  });

  it("loads with no error and only the warnings about its real inconsistencies", () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'etc/phoenix_stacks_config.json:68:39 warning docker_stacks.thinkheads_ai_app.environments.production.files[0].source: "persistent-storage/thinkheads_ai/configs/prod.env" is a path on the hypervisor, not in the repo: kept as declared, Phoenix cannot read or compare it\n  hint: put the file under stacks/thinkheads_ai_app/ and give its path relative to that directory',
      'etc/phoenix_stacks_config.json:90:39 warning docker_stacks.thinkheads_ai_app.environments.testing.files[0].source: "persistent-storage/thinkheads_ai/configs/test.env" is a path on the hypervisor, not in the repo: kept as declared, Phoenix cannot read or compare it\n  hint: put the file under stacks/thinkheads_ai_app/ and give its path relative to that directory',
      'etc/phoenix_stacks_config.json:112:39 warning docker_stacks.thinkheads_ai_app.environments.development.files[0].source: "persistent-storage/thinkheads_ai/configs/dev.env" is a path on the hypervisor, not in the repo: kept as declared, Phoenix cannot read or compare it\n  hint: put the file under stacks/thinkheads_ai_app/ and give its path relative to that directory',
      'stacks/portainer_service/phoenix.json:9:39 warning environments.production.services.portainer.traefik_labels: traefik_labels of service "portainer" differ from etc/phoenix_stacks_config.json:35:47 (docker_stacks.portainer_service.environments.production.services.portainer.traefik_labels); the ones in stacks/portainer_service/phoenix.json are used',
    ]);
    expect(state.warnings).toEqual(result.diagnostics);
  });

  it("keeps the LXCs in file key order, then the VMs", () => {
    expect(state.guests.map((g) => `${g.kind}:${g.id}`)).toEqual(
      ["900", "901", "910", "911", "912", "801", "802", "101", "914", "917", "103", "102"].map((id) => `lxc:${id}`).concat(["vm:9000", "vm:1001", "vm:1002"]),
    );
  });

  it("models each guest from its declaration", () => {
    const byId = new Map(state.guests.map((g) => [g.id, g]));
    expect(byId.get("901")).toMatchObject({ name: "Copy-Cuda12.8", ip: "10.0.0.201", cidr: "10.0.0.201/24", isTemplate: true, dependsOn: ["900", "1002"] });
    expect(byId.get("101")).toMatchObject({ ip: "10.0.0.153", isTemplate: false, dependsOn: ["900", "103"], traefikService: { name: "nginx", port: 443 } });
    expect(byId.get("101")?.origin).toEqual({ file: "etc/phoenix_lxc_configs.json", path: 'lxc_configs["101"]', line: 426, column: 9 });
    expect(byId.get("9000")).toMatchObject({ ip: undefined, cidr: "dhcp", isTemplate: true, dependsOn: [] });
    expect(byId.get("1002")).toMatchObject({ dependsOn: ["9000", "1001"], features: ["base_setup", "trusted_ca", "step_cli", "docker"] });
    expect(byId.get("1002")?.firewall?.rules).toHaveLength(6);
    expect(byId.get("900")?.firewall?.rules[0]).toEqual({ type: "in", action: "ACCEPT", proto: "icmp", source: "10.0.0.0/24", comment: "Allow ICMP from internal network" });
  });

  it("derives the roles from the config, not from hard-coded ids", () => {
    expect(state.roles).toEqual({ gateway: "101", proxy: "102", ca: "103", swarmManager: "1001", swarmWorkers: ["1002"] });
  });

  it("reads the stack assignments of the VMs, in file order", () => {
    expect(state.assignments.map((a) => `${a.vmid} ${a.stack} ${a.environment} ${a.origin.line}:${a.origin.column} ${a.origin.path}`)).toEqual([
      "1001 portainer_service production 74:17 vms[1].docker_stacks[0]",
      "1002 qdrant_service production 150:17 vms[2].docker_stacks[0]",
      "1002 thinkheads_ai_app production 151:17 vms[2].docker_stacks[1]",
    ]);
  });

  it("lists every Traefik route: guest services, then stack routers", () => {
    expect(state.traefikServices.map((s) => ({ name: s.name, hosts: s.hosts, backend: s.backend }))).toEqual([
      { name: "granite-embedding", hosts: ["granite-embedding.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "801", ip: "10.0.0.141", port: 8000, scheme: "http" } },
      { name: "granite-3b", hosts: ["granite-3b.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "802", ip: "10.0.0.142", port: 8000, scheme: "http" } },
      { name: "nginx", hosts: ["nginx.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "101", ip: "10.0.0.153", port: 443, scheme: "http" } },
      { name: "ollama", hosts: ["ollama.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "914", ip: "10.0.0.155", port: 11434, scheme: "http" } },
      { name: "llamacpp", hosts: ["llamacpp.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "917", ip: "10.0.0.157", port: 8081, scheme: "http" } },
      { name: "ca", hosts: ["ca.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "103", ip: "10.0.0.10", port: 9000, scheme: "http" } },
      { name: "portainer", hosts: ["portainer.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "1001", ip: "10.0.0.111", port: 9443, scheme: "https" } },
      { name: "portainer-agent", hosts: ["portainer-agent.internal.thinkheads.ai"], backend: { kind: "guest", guestId: "1002", ip: "10.0.0.102", port: 9001, scheme: "https" } },
      { name: "portainer", hosts: ["portainer.internal.thinkheads.ai"], backend: { kind: "stack", stack: "portainer_service", service: "portainer", port: 9000 } },
      { name: "qdrant", hosts: ["qdrant.internal.thinkheads.ai"], backend: { kind: "stack", stack: "qdrant_service", service: "qdrant", port: 6333 } },
    ]);
    expect(state.traefikServices.at(-1)?.origin).toEqual({
      file: "stacks/qdrant_service/phoenix.json",
      path: "environments.production.services.qdrant.traefik_labels[1]",
      line: 11,
      column: 25,
    });
  });

  it("merges the central stacks file with the per-stack manifests", () => {
    expect([...state.stacks.keys()]).toEqual(["portainer_service", "qdrant_service", "thinkheads_ai_app"]);
    const app = state.stacks.get("thinkheads_ai_app");
    expect(app?.composeFiles).toEqual(["stacks/thinkheads_ai_app/docker-compose.yml"]);
    expect([...(app?.environments.keys() ?? [])]).toEqual(["production", "testing", "development"]);
    const production = app?.environments.get("production");
    expect(production?.variables).toEqual([
      { name: "DATABASE_USER", value: "prod_user", secret: false },
      { name: "DATABASE_PASS", value: "PROD_SECRET_PASSWORD", secret: true },
      { name: "API_PORT", value: "8000", secret: false },
    ]);
    expect(production?.files).toEqual([
      {
        repoPath: undefined,
        source: "persistent-storage/thinkheads_ai/configs/prod.env",
        target: "/app/.env",
        // Where the entry is declared: "Change since" paths point there.
        origin: { file: "etc/phoenix_stacks_config.json", line: 68, column: 39, path: "docker_stacks.thinkheads_ai_app.environments.production.files[0].source" },
      },
    ]);
    expect(production?.firewallRules.map((r) => r.port)).toEqual(["8000"]);
    expect(app?.environments.get("testing")?.firewallRules).toEqual([]);
    const portainer = state.stacks.get("portainer_service")?.environments.get("production");
    expect(portainer?.services.get("portainer")?.traefikLabels).toContain("traefik.http.routers.portainer.entrypoints=websecure");
    expect(portainer?.compose).toBeUndefined();
  });

  it("keeps the hypervisor-level settings: domain, firewall (main layout), certificates, DNS records", () => {
    expect(state.domain).toBe("internal.thinkheads.ai");
    expect(state.firewall.enabled).toBe(true);
    expect([state.firewall.policyIn, state.firewall.policyOut]).toEqual(["DROP", "ACCEPT"]);
    expect(state.firewall.globalRules.map((r) => `${r.type} ${r.proto} ${r.port}`)).toEqual(["in tcp 80", "in tcp 443", "in udp 53", "in tcp 53", "in tcp 2049", "out tcp 443"]);
    expect(state.certificates.map((c) => c.common_name)).toEqual(["nginx.internal.thinkheads.ai", "portainer.internal.thinkheads.ai", "traefik.internal.thinkheads.ai"]);
    expect(state.dnsRecords).toEqual([]);
  });
});

describe.skipIf(!hasReferenceConfig)(`the reference config with the real compose loader${referenceConfigSkipNote}`, () => {
  it("loads every stack environment with its own variables", async () => {
    const result = await loadDesiredState(createDirectoryTree(REFERENCE), { loadCompose });
    expect(result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.file?.endsWith("docker-compose.yml")).map(formatDiagnostic)).toEqual([
      "stacks/portainer_service/docker-compose.yml:5:5 warning services.portainer.container_name: Ignoring deprecated options:\n    container_name: Setting the container name is not supported.",
      "stacks/portainer_service/docker-compose.yml:15:5 warning services.portainer.restart: Ignoring unsupported options: restart",
      "stacks/qdrant_service/docker-compose.yml:5:5 warning services.qdrant.restart: Ignoring unsupported options: restart",
      "stacks/thinkheads_ai_app/docker-compose.yml:5:5 warning services.thinkheads_ai_app.container_name: Ignoring deprecated options:\n    container_name: Setting the container name is not supported.",
      "stacks/thinkheads_ai_app/docker-compose.yml:10:5 warning services.thinkheads_ai_app.restart: Ignoring unsupported options: restart",
    ]);
    const app = result.state?.stacks.get("thinkheads_ai_app");
    const published = ["production", "testing", "development"].map((env) => app?.environments.get(env)?.compose?.services[0]?.ports.map((p) => p.published));
    expect(published).toEqual([[8000], [8001], [8002]]);
    expect(result.state?.stacks.get("qdrant_service")?.environments.get("production")?.compose?.services.map((s) => s.name)).toEqual(["qdrant"]);
  });
});
