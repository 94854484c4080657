import { describe, expect, it } from "vitest";
import { serviceYaml } from "../load-helper.js";
import { conversionErrors, convertServiceLines } from "./convert-helper.js";
import { parseCpus } from "../../../../src/compose/convert/parse-cpus.js";

describe("Resources (docs/stack-deploy.md §3.5)", () => {
  it("is always sent, {} when nothing is set", async () => {
    expect((await convertServiceLines("")).TaskTemplate.Resources).toEqual({});
  });

  it("parses cpus as an exact rational and sizes in bytes", async () => {
    const spec = await convertServiceLines("deploy:\n  resources:\n    limits:\n      cpus: '0.5'\n      memory: 64M\n      pids: 10\n    reservations:\n      cpus: '0.01'");
    expect(spec.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 500000000, MemoryBytes: 67108864, Pids: 10 },
      Reservations: { NanoCPUs: 10000000 },
    });
  });

  it("refuses unparsable and too precise cpus like opts.ParseCPUs", () => {
    expect(parseCpus("1/4")).toBe(250000000);
    expect(parseCpus("2e-1")).toBe(200000000);
    expect(() => parseCpus("abc")).toThrow("failed to parse abc as a rational number");
    expect(() => parseCpus("0.0000000001")).toThrow("value is too precise");
  });
});

describe("RestartPolicy (§3.6)", () => {
  it("copies deploy.restart_policy as is", async () => {
    const spec = await convertServiceLines("deploy:\n  restart_policy:\n    condition: on-failure\n    delay: 1s\n    max_attempts: 3");
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 1e9, MaxAttempts: 3 });
  });

  it.each([
    ["always", { Condition: "any" }],
    ["unless-stopped", { Condition: "any" }],
    ["on-failure", { Condition: "on-failure", MaxAttempts: 0 }],
    ['"on-failure:3"', { Condition: "on-failure", MaxAttempts: 3 }],
    ['"no"', undefined],
  ])("falls back to restart: %s", async (value, expected) => {
    expect((await convertServiceLines(`restart: ${value}`)).TaskTemplate.RestartPolicy).toEqual(expected);
  });

  it("refuses an unknown restart value", async () => {
    expect(await conversionErrors(serviceYaml("restart: sometimes"))).toEqual(["service a: unknown restart policy: sometimes"]);
  });
});

describe("UpdateConfig and RollbackConfig (§3.7)", () => {
  it("defaults Parallelism to 1 and always sends MaxFailureRatio and Order", async () => {
    expect((await convertServiceLines("deploy:\n  update_config:\n    delay: 1s")).UpdateConfig).toEqual({
      Parallelism: 1,
      Delay: 1e9,
      MaxFailureRatio: 0,
      Order: "",
    });
  });

  it("keeps an explicit parallelism of 0", async () => {
    expect((await convertServiceLines("deploy:\n  rollback_config:\n    parallelism: 0\n    order: start-first")).RollbackConfig).toEqual({
      Parallelism: 0,
      MaxFailureRatio: 0,
      Order: "start-first",
    });
  });

  it("is absent when not in the file", async () => {
    const spec = await convertServiceLines("");
    expect(spec.UpdateConfig).toBeUndefined();
    expect(spec.RollbackConfig).toBeUndefined();
  });
});

describe("Placement, mode, endpoint (§3.8)", () => {
  it("converts constraints, spread preferences and max replicas", async () => {
    const spec = await convertServiceLines(
      "deploy:\n  placement:\n    constraints: [node.role == manager]\n    preferences:\n      - spread: node.id\n    max_replicas_per_node: 2",
    );
    expect(spec.TaskTemplate.Placement).toEqual({
      Constraints: ["node.role == manager"],
      Preferences: [{ Spread: { SpreadDescriptor: "node.id" } }],
      MaxReplicas: 2,
    });
  });

  it("sends Replicated without a count when replicas is absent", async () => {
    expect((await convertServiceLines("")).Mode).toEqual({ Replicated: {} });
    expect((await convertServiceLines("deploy:\n  replicas: 3")).Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect((await convertServiceLines("deploy:\n  mode: global")).Mode).toEqual({ Global: {} });
  });

  it("refuses replicas with global mode and unknown modes", async () => {
    expect(await conversionErrors(serviceYaml("deploy:\n  mode: global\n  replicas: 2"))).toEqual([
      "service a: replicas can only be used with replicated mode",
    ]);
  });

  it("supports job modes from 23.0 on", async () => {
    const spec = await convertServiceLines("deploy:\n  mode: replicated-job\n  replicas: 2", { compat: "28.2" });
    expect(spec.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } });
  });

  it("lower-cases the endpoint mode and sorts ports by published port, unpublished first in file order", async () => {
    const spec = await convertServiceLines('deploy:\n  endpoint_mode: DNSRR\nports:\n  - "8080:80"\n  - "91"\n  - "81:81/udp"\n  - "92"');
    expect(spec.EndpointSpec).toEqual({
      Mode: "dnsrr",
      Ports: [
        { Protocol: "tcp", TargetPort: 91, PublishMode: "ingress" },
        { Protocol: "tcp", TargetPort: 92, PublishMode: "ingress" },
        { Protocol: "udp", TargetPort: 81, PublishedPort: 81, PublishMode: "ingress" },
        { Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "ingress" },
      ],
    });
  });

  it("keeps long-syntax ports as written", async () => {
    const spec = await convertServiceLines("ports:\n  - target: 90\n    published: 9090\n    mode: host");
    expect(spec.EndpointSpec).toEqual({ Ports: [{ TargetPort: 90, PublishedPort: 9090, PublishMode: "host" }] });
  });
});

describe("Logging (§3.9)", () => {
  it("maps logging to LogDriver, absent otherwise", async () => {
    const spec = await convertServiceLines("logging:\n  driver: json-file\n  options:\n    max-size: 1m");
    expect(spec.TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "1m" } });
    expect((await convertServiceLines("")).TaskTemplate.LogDriver).toBeUndefined();
  });
});
