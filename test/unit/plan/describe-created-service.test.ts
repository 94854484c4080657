import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";
import { describeCreatedService } from "../../../src/plan/spec-diff/describe-created-service.js";
import { planStackObjects } from "../../../src/plan/spec-diff/plan-stack-objects.js";
import { emptyStackObjects } from "../../../src/plan/select-orphans.js";
import { formatObjectField } from "../../../src/report/describe-plan.js";
import { buildTestStack } from "../swarm/test-stack.js";

const web: ServiceSpec = {
  Name: "web_app_web",
  Labels: { "com.docker.stack.namespace": "web_app", "traefik.enable": "true", "traefik.http.routers.web.rule": "Host(`app`)" },
  TaskTemplate: {
    ContainerSpec: {
      Image: "phoenix-test/web:2",
      Env: ["LOG_LEVEL=info", "API_TOKEN=tok_live_8c1f2e"],
      Mounts: [
        { Type: "volume", Source: "web_app_data", Target: "/data", VolumeOptions: { Labels: { "com.docker.stack.namespace": "web_app" } } },
        { Type: "bind", Source: "/srv/static", Target: "/static", ReadOnly: true },
      ],
      Secrets: [{ SecretName: "web_app_db", SecretID: "", File: { Name: "db", UID: "0", GID: "0", Mode: 0o444 } }],
    },
    Placement: { Constraints: ["node.role==manager", "node.labels.zone==a"] },
    Networks: [{ Target: "web_app_default", Aliases: ["web"] }],
  },
  Mode: { Replicated: { Replicas: 2 } },
  EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8080, Protocol: "tcp" }, { TargetPort: 443, PublishedPort: 443, Protocol: "tcp", PublishMode: "host" }] },
};

describe("describeCreatedService", () => {
  it("lists the main attributes, one line each, with no before", () => {
    const fields = describeCreatedService(web, { isSensitiveEnv: (name) => name.endsWith("_TOKEN") });
    expect(fields.map((f) => formatObjectField(f, "create"))).toEqual([
      "image: phoenix-test/web:2",
      "env.LOG_LEVEL: info",
      "env.API_TOKEN: (sensitive)",
      'volumes["/data"]: volume web_app_data',
      'volumes["/static"]: bind /srv/static (read-only)',
      "secrets: web_app_db → db",
      "deploy.labels: 3 labels",
      "deploy.replicas: 2",
      "deploy.placement.constraints: node.labels.zone==a, node.role==manager",
      "ports: 8080:80/tcp, 443:443/tcp (host)",
      "networks: web_app_default",
    ]);
    expect(fields.every((f) => f.op === "add" && f.before === undefined)).toBe(true);
    expect(fields.find((f) => f.path === "env.API_TOKEN")?.sensitive).toBe(true);
  });

  it("masks every env value when no rule says a name is safe, and names a non-replicated mode", () => {
    const global = { ...web, Mode: { Global: {} } };
    const fields = describeCreatedService(global);
    expect(fields.filter((f) => f.path.startsWith("env.")).every((f) => f.sensitive === true)).toBe(true);
    expect(fields.find((f) => f.path === "deploy.mode")?.after).toBe("global");
    expect(fields.some((f) => f.path === "deploy.replicas")).toBe(false);
  });

  it("is what the plan of a first deploy carries (fields were empty before)", () => {
    const plan = planStackObjects(buildTestStack("s"), emptyStackObjects());
    const services = plan.filter((c) => c.kind === "service");
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.action).toBe("create");
      expect(service.fields.map((f) => f.path)).toContain("image");
    }
  });
});
