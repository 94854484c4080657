import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffServiceSpec, isServiceSpecEqual } from "../../../src/plan/spec-diff/diff-service-spec.js";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";

interface CapturedService {
  readonly name: string;
  readonly capturedWith: string;
  readonly sent: ServiceSpec;
  readonly sentUpdate?: ServiceSpec;
  readonly stored: ServiceSpec;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/daemon-service-specs.json", import.meta.url), "utf8")) as {
  networks: Record<string, string>;
  services: CapturedService[];
};
const networkNames = new Map(Object.entries(fixture.networks));
const context = { networkNames };

function captured(name: string): CapturedService {
  const found = fixture.services.find((s) => s.name === name);
  if (found === undefined) throw new Error(`fixture ${name} missing`);
  return found;
}

/** Specs are deeply readonly; the tests edit copies. */
type Editable<T> = { -readonly [K in keyof T]: Editable<T[K]> };
type EditableSpec = Editable<ServiceSpec>;

/** A deep copy of the CLI's create body for zfix_web, to edit. */
function webBody(): EditableSpec {
  return structuredClone(captured("zfix_web").sent) as EditableSpec;
}

function containerOf(spec: EditableSpec): NonNullable<EditableSpec["TaskTemplate"]["ContainerSpec"]> {
  const container = spec.TaskTemplate.ContainerSpec;
  if (container === undefined) throw new Error("no ContainerSpec");
  return container;
}

describe("diffServiceSpec on specs the daemon stored", () => {
  it.each(fixture.services.map((s) => [s.name, s] as const))("finds no change between what was sent and what %s stores", (_name, service) => {
    expect(diffServiceSpec(service.stored, service.sent, context)).toEqual([]);
  });

  it("finds no change in the CLI's update body, which copies ForceUpdate and keeps Replicated: {}", () => {
    for (const service of fixture.services.filter((s) => s.sentUpdate !== undefined)) {
      expect(isServiceSpecEqual(service.stored, service.sentUpdate as ServiceSpec, context)).toBe(true);
    }
  });

  it("compares network attachments by name although the daemon stores IDs", () => {
    const stored = captured("zfix_web").stored;
    expect(stored.TaskTemplate.Networks?.[0]?.Target).toMatch(/^[a-z0-9]{25}$/);
    // Without the ID → name map the same attachments look like four different networks.
    expect(diffServiceSpec(stored, webBody(), { networkNames: new Map() }).map((c) => `${c.op} ${c.key}`)).toEqual([
      "add zfix_default",
      "add zfix_front",
      `remove ${stored.TaskTemplate.Networks?.[0]?.Target}`,
      `remove ${stored.TaskTemplate.Networks?.[1]?.Target}`,
    ]);
  });
});

describe("diffServiceSpec changes", () => {
  const stored = captured("zfix_web").stored;

  it("reports an image change with both values", () => {
    const desired = webBody();
    containerOf(desired).Image = "phoenix-test/busybox:2";
    expect(diffServiceSpec(stored, desired, context)).toEqual([
      { field: "image", path: "image", op: "change", before: "phoenix-test/busybox:1", after: "phoenix-test/busybox:2" },
    ]);
  });

  it("reports env entries one by one, marked sensitive unless revealed", () => {
    const desired = webBody();
    containerOf(desired).Env = ["ALPHA=2", "FOO=bar", "ZED=last"];
    const changes = diffServiceSpec(stored, desired, context);
    expect(changes).toEqual([
      { field: "env", key: "ALPHA", path: "env.ALPHA", op: "change", before: "1", after: "2", sensitive: true },
      { field: "env", key: "FOO", path: "env.FOO", op: "add", after: "bar", sensitive: true },
      { field: "env", key: "EMPTY", path: "env.EMPTY", op: "remove", before: "", sensitive: true },
    ]);
    const revealed = diffServiceSpec(stored, desired, { ...context, isSensitiveEnv: (name) => name !== "FOO" });
    expect(revealed.find((c) => c.key === "FOO")?.sensitive).toBeUndefined();
    expect(revealed.find((c) => c.key === "ALPHA")?.sensitive).toBe(true);
  });

  it("ignores the order of env entries and labels, as the container does", () => {
    const desired = webBody();
    const container = containerOf(desired);
    container.Env = [...(container.Env ?? [])].reverse();
    desired.Labels = Object.fromEntries(Object.entries(desired.Labels ?? {}).reverse());
    expect(diffServiceSpec(stored, desired, context)).toEqual([]);
  });

  it("quotes label keys that are not identifiers", () => {
    const desired = webBody();
    desired.Labels = { ...desired.Labels, "traefik.http.routers.x.rule": "Host(`y.example`)" };
    expect(diffServiceSpec(stored, desired, context)).toEqual([
      {
        field: "deploy.labels",
        key: "traefik.http.routers.x.rule",
        path: 'deploy.labels["traefik.http.routers.x.rule"]',
        op: "change",
        before: "Host(`x.example`)",
        after: "Host(`y.example`)",
      },
    ]);
  });

  it("treats a missing replica count as 1, so a manual scale to 3 is reset (docker/cli#2235)", () => {
    const scaled: ServiceSpec = { ...captured("zfix_worker").stored, Mode: { Replicated: { Replicas: 3 } } };
    expect(diffServiceSpec(scaled, captured("zfix_worker").sent, context)).toEqual([
      { field: "deploy.replicas", path: "deploy.replicas", op: "change", before: "3", after: "1" },
    ]);
  });

  it("formats durations, CPUs and file modes like a compose file", () => {
    const desired = webBody();
    const container = containerOf(desired);
    container.StopGracePeriod = 90_000_000_000;
    const copy = container.Secrets?.[1];
    if (copy?.File) copy.File.Mode = 0o400;
    desired.TaskTemplate.Resources = { ...desired.TaskTemplate.Resources, Limits: { NanoCPUs: 1_250_000_000, MemoryBytes: 67108864 } };
    expect(diffServiceSpec(stored, desired, context)).toEqual([
      { field: "stop_grace_period", path: "stop_grace_period", op: "change", before: "2s", after: "1m30s" },
      { field: "secrets", key: "s1copy", path: "secrets.s1copy", op: "change", before: "zfix_s1", after: "zfix_s1 (mode=0400)" },
      { field: "deploy.resources.limits.cpus", path: "deploy.resources.limits.cpus", op: "change", before: "0.5", after: "1.25" },
    ]);
  });

  it("reports a removed update_config field by field, with the daemon's defaults as the old values", () => {
    const desired = webBody();
    delete desired.UpdateConfig;
    expect(diffServiceSpec(stored, desired, context).map((c) => `${c.path} ${c.op} ${c.before}`)).toEqual([
      "deploy.update_config.parallelism remove 1",
      "deploy.update_config.delay remove 1s",
      "deploy.update_config.failure_action remove pause",
      "deploy.update_config.max_failure_ratio remove 0",
      "deploy.update_config.order remove stop-first",
    ]);
  });

  it("keys ports by published:target/protocol and attachments by network name", () => {
    const desired = webBody();
    desired.EndpointSpec = { Ports: [...(desired.EndpointSpec?.Ports ?? []), { Protocol: "udp", PublishMode: "ingress", TargetPort: 53 }] };
    desired.TaskTemplate.Networks = desired.TaskTemplate.Networks?.slice(0, 1);
    expect(diffServiceSpec(stored, desired, context)).toEqual([
      { field: "ports", key: "53/udp", path: 'ports["53/udp"]', op: "add", after: "ingress" },
      { field: "networks", key: "zfix_front", path: "networks.zfix_front", op: "remove", before: "aliases webalias, web" },
    ]);
  });

  it("does not report ForceUpdate, which stack deploy copies from the live service", () => {
    const live: ServiceSpec = { ...stored, TaskTemplate: { ...stored.TaskTemplate, ForceUpdate: 4 } };
    expect(diffServiceSpec(live, webBody(), context)).toEqual([]);
  });

  it("still reports a field it has no name for, under x.<object>.<field>", () => {
    const desired = webBody();
    Object.assign(containerOf(desired), { OomScoreAdj: 500 });
    expect(diffServiceSpec(stored, desired, context)).toEqual([
      { field: "x.ContainerSpec.OomScoreAdj", path: "x.ContainerSpec.OomScoreAdj", op: "add", after: "500" },
    ]);
  });
});

describe("what the daemon treats as equal", () => {
  const base: ServiceSpec = { Name: "s_app", TaskTemplate: { ContainerSpec: { Image: "app:1" } } };
  const equalPairs: [string, ServiceSpec, ServiceSpec][] = [
    ["absent Mode and Replicated: {}", base, { ...base, Mode: { Replicated: {} } }],
    ["Replicated: {} and Replicas: 1", { ...base, Mode: { Replicated: {} } }, { ...base, Mode: { Replicated: { Replicas: 1 } } }],
    ["absent and empty service labels", base, { ...base, Labels: {} }],
    ["EndpointSpec {} and Mode vip", { ...base, EndpointSpec: {} }, { ...base, EndpointSpec: { Mode: "vip", Ports: [] } }],
    ["absent Runtime and container", base, { ...base, TaskTemplate: { ...base.TaskTemplate, Runtime: "container" } }],
    ["absent Isolation and default", base, { ...base, TaskTemplate: { ContainerSpec: { Image: "app:1", Isolation: "default" } } }],
    [
      "Privileges with nulls, NoNewPrivileges false, or absent",
      base,
      { ...base, TaskTemplate: { ContainerSpec: { Image: "app:1", Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false } } } },
    ],
    ["empty DNSConfig lists and absent", base, { ...base, TaskTemplate: { ContainerSpec: { Image: "app:1", DNSConfig: { Nameservers: [], Search: [] } } } }],
    ["empty Resources/Placement and absent", base, { ...base, TaskTemplate: { ...base.TaskTemplate, Resources: {}, Placement: {} } }],
    ["false TTY and absent", base, { ...base, TaskTemplate: { ContainerSpec: { Image: "app:1", TTY: false, OpenStdin: false, ReadOnly: false } } }],
    [
      "UpdateConfig with empty Order/FailureAction and the daemon's fill-ins",
      { ...base, UpdateConfig: { Parallelism: 1, Delay: 1e9, MaxFailureRatio: 0, Order: "" } },
      { ...base, UpdateConfig: { Parallelism: 1, Delay: 1e9, FailureAction: "pause", MaxFailureRatio: 0, Order: "stop-first" } },
    ],
    [
      "RestartPolicy without MaxAttempts and with 0",
      { ...base, TaskTemplate: { ...base.TaskTemplate, RestartPolicy: { Condition: "on-failure", Delay: 1e9 } } },
      { ...base, TaskTemplate: { ...base.TaskTemplate, RestartPolicy: { Condition: "on-failure", Delay: 1e9, MaxAttempts: 0 } } },
    ],
  ];

  it.each(equalPairs)("%s", (_name, a, b) => {
    expect(diffServiceSpec(a, b)).toEqual([]);
    expect(diffServiceSpec(b, a)).toEqual([]);
  });

  it("keeps Init: false apart from an absent Init (the daemon may default to an init)", () => {
    const withInit: ServiceSpec = { ...base, TaskTemplate: { ContainerSpec: { Image: "app:1", Init: false } } };
    expect(diffServiceSpec(base, withInit)).toEqual([{ field: "init", path: "init", op: "add", after: "false" }]);
  });

  it("keeps an absent StopGracePeriod apart from 10s: the daemon does not store its default", () => {
    const explicit: ServiceSpec = { ...base, TaskTemplate: { ContainerSpec: { Image: "app:1", StopGracePeriod: 10e9 } } };
    expect(diffServiceSpec(base, explicit)).toEqual([{ field: "stop_grace_period", path: "stop_grace_period", op: "add", after: "10s" }]);
  });
});

describe("the stack image label", () => {
  const stored = captured("zfix_worker").stored;

  it("is folded into an image change, which it only repeats", () => {
    const desired = structuredClone(captured("zfix_worker").sent) as EditableSpec;
    containerOf(desired).Image = "phoenix-test/busybox:2";
    desired.Labels = { ...desired.Labels, "com.docker.stack.image": "phoenix-test/busybox:2" };
    expect(diffServiceSpec(stored, desired, context).map((c) => c.path)).toEqual(["image"]);
  });

  it("is reported when it is the only change (compose `app` → `app:latest` resolves to the same image)", () => {
    const desired = structuredClone(captured("zfix_worker").sent) as EditableSpec;
    desired.Labels = { ...desired.Labels, "com.docker.stack.image": "phoenix-test/busybox:latest" };
    expect(diffServiceSpec(stored, desired, context).map((c) => c.path)).toEqual(['deploy.labels["com.docker.stack.image"]']);
  });
});
