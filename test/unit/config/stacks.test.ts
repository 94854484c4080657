import { describe, expect, it } from "vitest";
import { APP_COMPOSE, appManifest, buildRepo, loadRepo, vm } from "./config-repo.js";

const json = (value: unknown) => JSON.stringify(value, null, 2);
const manager = (stacks: unknown[]) => vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", docker_stacks: stacks });

describe("stacks merged from etc/phoenix_stacks_config.json and stacks/<name>/phoenix.json", () => {
  const central = {
    docker_stacks: {
      app: {
        description: "central description",
        compose_file_path: "persistent-storage/app/docker-compose.yml",
        environments: {
          production: {
            variables: [
              { name: "DB_USER", value: "central" },
              { name: "APP_PORT", value: "1111" },
            ],
            files: [{ source: "configs/a.env", destination_in_container: "/app/.env" }],
            services: { web: { traefik_labels: ["traefik.http.routers.app.rule=Host(`old.internal.example.test`)"] } },
            firewall_rules: [{ type: "in", action: "ACCEPT", port: "1" }],
          },
          testing: { variables: [{ name: "API_TOKEN", value: "t" }] },
        },
      },
    },
  };

  it("lets phoenix.json win per name and keeps the central-only parts", async () => {
    const manifest = appManifest();
    const production = (manifest.environments as Record<string, Record<string, unknown>>).production;
    if (production) {
      production.files = [{ source: "configs/b.env", destination_in_container: "/app/.env" }];
      production.firewall_rules = [{ type: "in", action: "ACCEPT", port: "8080" }];
    }
    const tree = buildRepo({
      stacksConfig: central,
      files: { "stacks/app/phoenix.json": json(manifest), "stacks/app/configs/a.env": "A=1\n", "stacks/app/configs/b.env": "B=1\n" },
    });
    const result = await loadRepo(tree);
    expect(result.messages).toEqual([
      'stacks/app/phoenix.json:13:29 warning environments.production.services.web.traefik_labels: traefik_labels of service "web" differ from etc/phoenix_stacks_config.json:26:33 (docker_stacks.app.environments.production.services.web.traefik_labels); the ones in stacks/app/phoenix.json are used',
    ]);
    const app = result.state?.stacks.get("app");
    expect(app?.description).toBe("The app.");
    expect(app?.origin).toEqual({ file: "stacks/app/phoenix.json", path: "", line: 1, column: 1 });
    expect([...(app?.environments.keys() ?? [])]).toEqual(["production", "testing"]);
    const env = app?.environments.get("production");
    expect(env?.variables).toEqual([
      { name: "DB_USER", value: "central", secret: false },
      { name: "APP_PORT", value: "8080", secret: false },
    ]);
    expect(env?.files).toEqual([{ repoPath: "stacks/app/configs/b.env", source: "configs/b.env", target: "/app/.env", origin: expect.objectContaining({ file: "stacks/app/phoenix.json" }) }]);
    expect(env?.firewallRules).toEqual([{ type: "in", action: "ACCEPT", port: "8080" }]);
    expect(env?.services.get("web")?.traefikLabels).toEqual([
      "traefik.http.routers.app.rule=Host(`app.internal.example.test`)",
      "traefik.http.services.app.loadbalancer.server.port=8080",
    ]);
    expect(app?.environments.get("testing")?.variables).toEqual([{ name: "API_TOKEN", value: "t", secret: true }]);
  });

  it("finds file sources in the stack directory, then from the repo root, and keeps hypervisor paths with a warning", async () => {
    const manifest = {
      environments: {
        production: {
          files: [
            { source: "configs/app.env", destination_in_container: "/a" },
            { source: "shared/common.env", destination_in_container: "/b" },
            { source: "persistent-storage/app/secret.env", destination_in_container: "/c" },
            { source: "../outside.env", destination_in_container: "/d" },
          ],
        },
      },
    };
    const tree = buildRepo({ files: { "stacks/app/phoenix.json": json(manifest), "stacks/app/configs/app.env": "X=1\n", "shared/common.env": "Y=1\n" } });
    const result = await loadRepo(tree);
    expect(result.messages).toEqual([
      'stacks/app/phoenix.json:18:21 error environments.production.files[3].source: file "../outside.env" not found: looked for stacks/outside.env',
      'stacks/app/phoenix.json:14:21 warning environments.production.files[2].source: "persistent-storage/app/secret.env" is a path on the hypervisor, not in the repo: kept as declared, Phoenix cannot read or compare it\n  hint: put the file under stacks/app/ and give its path relative to that directory',
    ]);
    const noErrors = await loadRepo(
      buildRepo({ files: { "stacks/app/phoenix.json": json({ environments: { production: { files: manifest.environments.production.files.slice(0, 3) } } }), "stacks/app/configs/app.env": "X=1\n", "shared/common.env": "Y=1\n" } }),
    );
    expect(noErrors.state?.stacks.get("app")?.environments.get("production")?.files.map((f) => f.repoPath)).toEqual([
      "stacks/app/configs/app.env",
      "shared/common.env",
      undefined,
    ]);
  });

  it("ignores a directory with only a compose file, and rejects a central entry without a compose file", async () => {
    const tree = buildRepo({
      vms: [manager(["app", "tools"])],
      stacksConfig: { docker_stacks: { ghost: { environments: {} } } },
      files: { "stacks/tools/docker-compose.yml": APP_COMPOSE },
    });
    const result = await loadRepo(tree);
    expect(result.messages).toEqual([
      'etc/phoenix_stacks_config.json:3:5 error docker_stacks.ghost: stack "ghost" has no compose file: expected stacks/ghost/docker-compose.yml',
      'etc/phoenix_vm_configs.json:12:9 error vms[0].docker_stacks[1]: unknown stack "tools" (known: app, ghost)',
      "stacks/tools/docker-compose.yml warning: ignored: stacks/tools has no phoenix.json and no entry in etc/phoenix_stacks_config.json, so it is not a stack",
    ]);
  });

  it("rejects a variable defined twice in one environment and the same stack assigned twice to one environment", async () => {
    const manifest = { environments: { production: { variables: [{ name: "A", value: "1" }, { name: "A", value: "2" }] } } };
    const result = await loadRepo(buildRepo({ vms: [manager(["app", { name: "app", environment: "production" }])], files: { "stacks/app/phoenix.json": json(manifest) } }));
    expect(result.messages).toEqual([
      'etc/phoenix_vm_configs.json:12:9 error vms[0].docker_stacks[1]: stack "app" is already assigned to environment "production" on VM 1001 at etc/phoenix_vm_configs.json:11:9\n  hint: list each stack once per VM and environment',
      'stacks/app/phoenix.json:10:19 error environments.production.variables[1].name: variable "A" is already defined at stacks/app/phoenix.json:6:19',
    ]);
  });

  it("accepts one stack and environment on several VMs: one deployment, placed on all of them", async () => {
    const worker = vm(1002, "Worker", "10.0.0.112/24", { portainer_role: "agent", docker_stacks: ["app"] });
    const result = await loadRepo(buildRepo({ vms: [manager(["app"]), worker], files: { "stacks/app/phoenix.json": json(appManifest()) } }));
    expect(result.messages).toEqual([]);
    expect(result.state?.assignments.map((a) => `${a.stack}@${a.environment} on ${a.vmid}`)).toEqual(["app@production on 1001", "app@production on 1002"]);
  });

  it("reads placement and depends_on from phoenix.json, and refuses a placement it does not know", async () => {
    const manifest = { ...appManifest(), placement: "any", depends_on: ["db"] };
    const db = { "stacks/db/phoenix.json": json({ environments: { production: {} } }), "stacks/db/docker-compose.yml": APP_COMPOSE };
    const result = await loadRepo(buildRepo({ vms: [manager(["app"])], files: { "stacks/app/phoenix.json": json(manifest), ...db } }));
    expect(result.messages).toEqual([]);
    const app = result.state?.stacks.get("app");
    expect([app?.placement, app?.dependsOn.map((d) => `${d.stack} at ${d.origin.file}:${d.origin.line}:${d.origin.column}`)]).toEqual(["any", ["db at stacks/app/phoenix.json:23:5"]]);
    const wrong = await loadRepo(buildRepo({ vms: [manager(["app"])], files: { "stacks/app/phoenix.json": json({ ...appManifest(), placement: "everywhere" }) } }));
    expect(wrong.messages.filter((m) => m.includes("placement"))).toEqual([expect.stringMatching(/^stacks\/app\/phoenix\.json:\d+:\d+ error placement: /)]);
  });

  it("refuses depends_on that names an unknown stack or the stack itself, and a cycle through the VMs' dependencies, naming the path", async () => {
    const worker = vm(1002, "Worker", "10.0.0.112/24", { portainer_role: "agent", docker_stacks: ["db"], dependencies: ["1001"] });
    const files = {
      "stacks/app/phoenix.json": json({ ...appManifest(), depends_on: ["db", "nope", "app"] }),
      "stacks/db/phoenix.json": json(appManifest()),
      "stacks/db/docker-compose.yml": APP_COMPOSE,
    };
    const result = await loadRepo(buildRepo({ vms: [manager(["app"]), worker], files }));
    expect(result.messages.filter((m) => /depends|cycle/.test(m))).toEqual([
      "etc/phoenix_vm_configs.json:22:9 error vms[1].docker_stacks[0]: stack dependency cycle: app@production → db@production → app@production (depends_on of phoenix.json and the VMs' dependencies, which a stack inherits)\n  hint: remove one depends_on entry of the cycle, or assign the stacks to VMs that do not depend on each other",
      'stacks/app/phoenix.json:23:5 error depends_on[1]: depends on unknown stack "nope" (known: app, db)',
      "stacks/app/phoenix.json:24:5 error depends_on[2]: stack app cannot depend on itself",
    ]);
  });

  it("reads {name, environment} entries and uses the default environment for plain names", async () => {
    const manifest = { environments: { production: {}, testing: {} } };
    const tree = buildRepo({ vms: [manager(["app", { name: "app", environment: "testing" }])], files: { "stacks/app/phoenix.json": json(manifest) } });
    const byDefault = await loadRepo(tree);
    expect(byDefault.state?.assignments.map((a) => `${a.stack}@${a.environment}`)).toEqual(["app@production", "app@testing"]);
    const testing = await loadRepo(tree, { defaultEnvironment: "testing" });
    expect(testing.messages).toEqual([
      'etc/phoenix_vm_configs.json:12:9 error vms[0].docker_stacks[1]: stack "app" is already assigned to environment "testing" on VM 1001 at etc/phoenix_vm_configs.json:11:9\n  hint: list each stack once per VM and environment',
    ]);
  });
});

describe("stack routes", () => {
  it("takes every Host name and the port of the router's service, from each assigned environment", async () => {
    const labels = (host: string) => [
      `traefik.http.routers.web.rule=Host(\`${host}\`) || Host(\`www.${host}\`)`,
      "traefik.http.routers.web.service=web-svc",
      "traefik.http.services.web-svc.loadBalancer.server.port=8080",
      "traefik.http.services.metrics.loadbalancer.server.port=9100",
      "traefik.http.routers.metrics.rule=PathPrefix(`/metrics`)",
      "traefik.http.routers.metrics.service=metrics",
    ];
    const manifest = {
      environments: {
        production: { services: { web: { traefik_labels: labels("app.example.test") } } },
        testing: { services: { web: { traefik_labels: labels("test.example.test") } } },
      },
    };
    const result = await loadRepo(buildRepo({ vms: [manager([{ name: "app", environment: "testing" }])], files: { "stacks/app/phoenix.json": json(manifest) } }));
    expect(result.messages).toEqual([]);
    expect(result.state?.traefikServices.filter((s) => s.backend.kind === "stack")).toEqual([
      {
        name: "web",
        hosts: ["test.example.test", "www.test.example.test"],
        backend: { kind: "stack", stack: "app", service: "web", port: 8080 },
        origin: { file: "stacks/app/phoenix.json", path: "environments.testing.services.web.traefik_labels[0]", line: 21, column: 13 },
      },
      {
        name: "metrics",
        hosts: [],
        backend: { kind: "stack", stack: "app", service: "web", port: 9100 },
        origin: { file: "stacks/app/phoenix.json", path: "environments.testing.services.web.traefik_labels[4]", line: 25, column: 13 },
      },
    ]);
  });

  it("rejects a router name two stacks declare, and a port that is not a number", async () => {
    const other = { environments: { production: { services: { api: { traefik_labels: ["traefik.http.routers.app.rule=Host(`x.test`)", "traefik.http.services.app.loadbalancer.server.port=http"] } } } } };
    const result = await loadRepo(buildRepo({ files: { "stacks/other/docker-compose.yml": APP_COMPOSE, "stacks/other/phoenix.json": json(other) } }));
    expect(result.messages).toEqual([
      'stacks/other/phoenix.json:7:13 error environments.production.services.api.traefik_labels[0]: Traefik router "app" is already declared by stack app (production) at stacks/app/phoenix.json:14:13',
      'stacks/other/phoenix.json:8:13 error environments.production.services.api.traefik_labels[1]: server port must be a port number between 1 and 65535, got "http"',
    ]);
  });
});
