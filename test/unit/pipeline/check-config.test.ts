import { describe, expect, it } from "vitest";
import { checkConfig } from "../../../src/pipeline/check-config.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { createLogger } from "../../../src/logger.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import { appManifest, buildRepo, vm } from "../config/config-repo.js";

const manager = (extra: Record<string, unknown> = {}) => vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", features: ["docker"], docker_stacks: ["app"], ...extra });
const json = (value: unknown) => JSON.stringify(value, null, 2);

async function check(parts: Parameters<typeof buildRepo>[0]): Promise<string[]> {
  const result = await checkConfig(buildRepo(parts));
  return result.diagnostics.map(formatDiagnostic);
}

/** A second stack `other` with its own compose file, assigned beside `app`. */
function withOther(compose: string, appCompose?: string): Parameters<typeof buildRepo>[0] {
  return {
    vms: [manager({ docker_stacks: ["app", "other"] })],
    files: {
      "stacks/other/docker-compose.yml": compose,
      "stacks/other/phoenix.json": json({ environments: { production: {} } }),
      ...(appCompose ? { "stacks/app/docker-compose.yml": appCompose } : {}),
    },
  };
}

describe("checkConfig: where stacks are assigned", () => {
  it("accepts the small repo with a Docker manager", async () => {
    expect(await check({ vms: [manager()] })).toEqual([]);
  });

  it("refuses a stack on a VM without the docker feature, at its docker_stacks entry", async () => {
    const result = await checkConfig(buildRepo({ vms: [manager({ features: ["base_setup"] })] }));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'etc/phoenix_vm_configs.json:14:9 error vms[0].docker_stacks[0]: stack "app" is assigned to VM 1001 (Manager), which does not run Docker (no "docker" in its features)\n  hint: add "docker" to the features of VM 1001, or list the stack in docker_stacks of a VM that has it',
    ]);
    expect(result.stacks).toEqual([]);
  });

  it("warns about a stack assigned to no VM: it will not be deployed", async () => {
    const messages = await check({ vms: [manager({ docker_stacks: [] })] });
    expect(messages).toEqual([
      'stacks/app/phoenix.json:1:1 warning: stack app is assigned to no VM: it will not be deployed\n  hint: list "app" in docker_stacks of a VM in etc/phoenix_vm_configs.json',
    ]);
  });

  it("warns about a stack on a Docker VM that is no Swarm node (no role)", async () => {
    const messages = await check({ vms: [manager({ portainer_role: undefined })] });
    expect(messages).toEqual([expect.stringMatching(/^etc\/phoenix_vm_configs.json:13:9 warning vms\[0\]\.docker_stacks\[0\]: stack app is assigned to VM 1001, which is no Swarm node/)]);
  });
});

describe("checkConfig: what the swarm would refuse mid-sync", () => {
  const publishing = (ports: string) => `services:\n  web:\n    image: nginx:1\n    ports:\n${ports}`;

  it("refuses an ingress port published by two stacks, at the second one's entry", async () => {
    const messages = await check(withOther(publishing('      - "8080:80"\n'), publishing('      - "9000:90"\n      - "8080:80"\n')));
    expect(messages).toEqual([
      "stacks/other/docker-compose.yml:5:9 error services.web.ports.0: port 8080/tcp is published by service web of stack app already (ingress): the swarm refuses service web of stack other in the middle of a sync\n  hint: publish another port, or use mode: host on both where each node may run only one of them",
    ]);
  });

  it("finds the port in a range and in the long form", async () => {
    const long = "      - target: 80\n        published: 8085\n";
    const messages = await check(withOther(publishing(long), publishing('      - "8080-8090:80-90"\n')));
    expect(messages).toEqual([expect.stringMatching(/^stacks\/other\/docker-compose.yml:5:9 error services\.web\.ports\.0: port 8085\/tcp is published by service web of stack app/)]);
  });

  it("lets two host-mode ports share a number, and tcp and udp share one", async () => {
    const host = "      - target: 80\n        published: 8080\n        mode: host\n";
    expect(await check(withOther(publishing(host), publishing(host)))).toEqual([]);
    expect(await check(withOther(publishing('      - "8080:80/udp"\n'), publishing('      - "8080:80"\n')))).toEqual([]);
  });

  it("refuses a host-mode port that another service publishes through the ingress", async () => {
    const host = "      - target: 80\n        published: 8080\n        mode: host\n";
    const messages = await check(withOther(publishing(host), publishing('      - "8080:80"\n')));
    expect(messages).toEqual([expect.stringMatching(/^stacks\/other\/docker-compose.yml:5:9 error services\.web\.ports\.0: port 8080\/tcp is published by service web of stack app already \(ingress\)/)]);
  });

  it("refuses a service that publishes one port twice", async () => {
    const messages = await check({ vms: [manager()], files: { "stacks/app/docker-compose.yml": publishing('      - "8080:80"\n      - "8080:81"\n') } });
    expect(messages).toEqual([
      "stacks/app/docker-compose.yml:5:9 error services.web.ports.0: service web publishes port 8080/tcp twice: the swarm refuses it (duplicate published ports provided)",
    ]);
  });

  it("refuses a placement constraint the daemon cannot parse, and warns about a key no node has", async () => {
    const compose = "services:\n  web:\n    image: nginx:1\n    deploy:\n      placement:\n        constraints:\n          - node.role == manager\n          - node.role=manager\n          - node.hostnam==a\n";
    const messages = await check({ vms: [manager()], files: { "stacks/app/docker-compose.yml": compose } });
    expect(messages).toEqual([
      'stacks/app/docker-compose.yml:8:13 error services.web.deploy.placement.constraints.1: placement constraint "node.role=manager" of service web: the swarm refuses it (constraint expected one operator from ==, !=)\n  hint: write key==value or key!=value, e.g. node.role==manager or node.labels.disk==ssd',
      'stacks/app/docker-compose.yml:9:13 warning services.web.deploy.placement.constraints.2: placement constraint "node.hostnam==a" of service web: no node has "node.hostnam", so its tasks never start\n  hint: keys are node.id, node.hostname, node.ip, node.role, node.platform.os, node.platform.arch, node.labels.<name> and engine.labels.<name>',
    ]);
  });

  it("reports conversion errors, as plan does", async () => {
    const compose = "services:\n  web:\n    image: nginx:1\n    deploy:\n      mode: global\n      replicas: 2\n";
    const messages = await check({ vms: [manager()], files: { "stacks/app/docker-compose.yml": compose } });
    expect(messages).toEqual(["stacks/app/docker-compose.yml:2:3 error services.web: service web: replicas can only be used with replicated mode"]);
  });
});

describe("plan runs the same check first", () => {
  /** Any call to it fails the test: the check must refuse before the swarm is read. */
  const untouchable = new Proxy({} as SwarmPort, {
    get: (_, name) => {
      if (name === "then" || name === "apiVersion") return undefined;
      return () => {
        throw new Error(`swarm port called: ${String(name)}`);
      };
    },
  });

  it("with the same errors and warnings, before reading live state", async () => {
    const tree = buildRepo({ vms: [manager({ features: [], docker_stacks: ["app"] })], files: { "stacks/app/phoenix.json": json({ ...appManifest(), placment: "any" }) } });
    const checked = await checkConfig(tree);
    const planned = await runPlan({ tree, port: untouchable, logger: createLogger({ level: "silent" }) });
    expect(planned.plan).toBeUndefined();
    expect(planned.diagnostics.map(formatDiagnostic)).toEqual(checked.diagnostics.map(formatDiagnostic));
    expect(checked.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning CONFIG_UNKNOWN_KEY", "error CONFIG_STACK_ON_VM_WITHOUT_DOCKER"]);
  });
});
