import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";
import { diffServiceSpec } from "../../../src/plan/spec-diff/diff-service-spec.js";
import { compareApiVersions, dropUnkeptFields } from "../../../src/plan/spec-diff/drop-unkept-fields.js";

/** What the 28.2 CLI sends for logging options without a driver, a cached bind and a start interval. */
const sent: ServiceSpec = {
  Name: "s_app",
  TaskTemplate: {
    ContainerSpec: {
      Image: "app:1",
      Mounts: [{ Type: "bind", Source: "/tmp", Target: "/data", Consistency: "cached" }],
      Healthcheck: { Test: ["CMD", "true"], Interval: 5_000_000_000, StartPeriod: 2_000_000_000, StartInterval: 1_000_000_000 },
    },
    LogDriver: { Name: "", Options: { "max-size": "1m" } },
  },
  Mode: { Replicated: { Replicas: 0 } },
};

/** What a 20.10 daemon (API 1.41) returns for it (observed on the test swarm). */
const stored: ServiceSpec = {
  Name: "s_app",
  TaskTemplate: {
    ContainerSpec: {
      Image: "app:1",
      Mounts: [{ Type: "bind", Source: "/tmp", Target: "/data" }],
      Healthcheck: { Test: ["CMD", "true"], Interval: 5_000_000_000, StartPeriod: 2_000_000_000 },
    },
    LogDriver: { Options: { "max-size": "1m" } } as unknown as { Name: string },
    Runtime: "container",
  },
  Mode: { Replicated: { Replicas: 0 } },
};

describe("what the daemon keeps", () => {
  it("makes a redeploy of what a 1.41 daemon stored equal to what is sent", () => {
    expect(diffServiceSpec(stored, sent, { apiVersion: "1.41" })).toEqual([]);
  });

  it("still compares start_interval with a daemon that keeps it (1.44 and later)", () => {
    expect(diffServiceSpec(stored, sent, { apiVersion: "1.44" }).map((c) => c.field)).toEqual(["healthcheck.start_interval"]);
  });

  it("never compares a mount's consistency or a log driver's empty name, and keeps what is sent as it is", () => {
    const dropped = dropUnkeptFields(sent, "1.47");
    expect(dropped.TaskTemplate.ContainerSpec?.Mounts).toEqual([{ Type: "bind", Source: "/tmp", Target: "/data" }]);
    expect(dropped.TaskTemplate.LogDriver).toEqual({ Options: { "max-size": "1m" } });
    expect(sent.TaskTemplate.LogDriver?.Name).toBe("");
  });

  it("still sees a real change next to the dropped fields", () => {
    const changed = { ...sent, TaskTemplate: { ...sent.TaskTemplate, LogDriver: { Name: "", Options: { "max-size": "2m" } } } };
    expect(diffServiceSpec(stored, changed, { apiVersion: "1.41" }).map((c) => c.field)).toEqual(["logging.options"]);
  });

  it("reads a credential spec the daemon stored with its unused sources as empty strings as equal", () => {
    const withCredential = (credential: { Config?: string; File?: string; Registry?: string }): ServiceSpec => ({
      ...sent,
      TaskTemplate: { ...sent.TaskTemplate, ContainerSpec: { ...sent.TaskTemplate.ContainerSpec, Image: "app:1", Privileges: { CredentialSpec: credential, SELinuxContext: null } } },
    });
    const storedWith = (credential: { Config: string; File: string; Registry: string }): ServiceSpec => ({
      ...stored,
      TaskTemplate: { ...stored.TaskTemplate, ContainerSpec: { ...stored.TaskTemplate.ContainerSpec, Image: "app:1", Privileges: { CredentialSpec: credential, SELinuxContext: null } } },
    });
    const live = storedWith({ Config: "", File: "spec.json", Registry: "" });
    expect(diffServiceSpec(live, withCredential({ File: "spec.json" }), { apiVersion: "1.41" })).toEqual([]);
    expect(diffServiceSpec(live, withCredential({ Registry: "spec" }), { apiVersion: "1.41" }).map((c) => [c.field, c.before, c.after])).toEqual([
      ["credential_spec", '{"file":"spec.json"}', '{"registry":"spec"}'],
    ]);
  });

  it("orders API versions numerically", () => {
    expect([compareApiVersions("1.41", "1.44") < 0, compareApiVersions("v1.44", "1.44"), compareApiVersions("1.100", "1.44") > 0]).toEqual([true, 0, true]);
  });
});
