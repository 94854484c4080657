import type { Plan } from "../../../src/plan/plan.js";
import type { PlanMarkdownOptions } from "../../../src/report/render-plan-markdown.js";
import { added, buildPlan, change, fileChange, object, removed, stack, withInfra, withStacks } from "./plan-builders.js";

export interface PlanScenario {
  readonly name: string;
  readonly plan: Plan;
  /** Options of all three renderers (masking patterns, comment options). */
  readonly options?: PlanMarkdownOptions;
}

/** Values that must never appear in any rendering of the secret scenario. */
export const SECRET_VALUES = ["tok_live_8c1f2e", "tok_live_93aa07", "hunter2-db", "https://k3y@sentry.example.test/4"] as const;

const RECORDS = "# Phoenix Hypervisor Internal DNS Records\naddress=/api-staging.internal.example.test/10.10.0.153\naddress=/app.internal.example.test/10.10.0.153\naddress=/ca.internal.example.test/10.10.0.10\naddress=/portainer-agent.internal.example.test/10.10.0.112\naddress=/status.internal.example.test/10.10.0.153\naddress=/swarm-worker.internal.example.test/10.10.0.112\n";
const WORKER_FW = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -source 10.10.0.111 -dport 9001 # Allow Portainer to reach its agent\nIN ACCEPT -p tcp -source 10.10.0.12 -dport 9001 # Allow Traefik to reach the Portainer agent\n";
const MANAGER_FW = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -source 10.10.0.12 -dport 9443 # Allow Traefik to reach Portainer\nIN ACCEPT -p tcp -source 10.10.0.12 -dport 8080 # Allow Traefik to reach the web app\n";
const WEB_RULE = "IN ACCEPT -p tcp -source 10.10.0.12 -dport 8080 # Allow Traefik to reach the web app\n";

export const PLAN_SCENARIOS: readonly PlanScenario[] = [
  {
    name: "add-stack",
    plan: buildPlan({
      stacks: withStacks(
        stack("metrics", "create", [
          object("network", "metrics_default", "create"),
          object("config", "metrics_prometheus_yml", "create"),
          object("service", "metrics_prometheus", "create", [
            added("image", "prom/prometheus:v2.53.0"),
            added("deploy.replicas", "1"),
            added("ports", "9090:9090/tcp"),
            added("networks", "metrics_default"),
            added('volumes["/prometheus"]', "volume metrics_data"),
          ]),
          object("service", "metrics_grafana", "create", [added("image", "grafana/grafana:11.1.0"), added("env.GF_SECURITY_ADMIN_PASSWORD", "hunter2-db", true), added("deploy.labels", "6 labels")]),
        ]),
      ),
      infra: withInfra(
        fileChange("dns", "/etc/dnsmasq.d/00-phoenix-internal.conf", RECORDS, RECORDS.replace("address=/portainer-agent", "address=/metrics.internal.example.test/10.10.0.153\naddress=/portainer-agent")),
      ),
      steps: [
        { unit: "dns", action: "update" },
        { unit: "stack metrics", action: "create" },
      ],
    }),
  },
  {
    name: "change-image",
    plan: buildPlan({
      stacks: withStacks(stack("web_app", "update", [object("service", "web_app_web", "update", [change("image", "phoenix-test/web:1", "phoenix-test/web:2")])])),
      steps: [{ unit: "stack web_app", action: "update" }],
    }),
  },
  {
    name: "change-env-secret",
    options: { secretPatterns: ["*_DSN"] },
    plan: buildPlan({
      stacks: withStacks(
        stack("api_service", "update", [
          object("service", "api_service_api", "update", [
            change("env.API_ENVIRONMENT", "staging", "production"),
            // Flagged by the planner.
            change("env.API_TOKEN", "tok_live_8c1f2e", "tok_live_93aa07", true),
            // Not flagged: masked by the built-in name rule.
            added("env.DB_PASSWORD", "hunter2-db"),
            // Not flagged: masked by the repo's `secrets.variablePatterns`.
            change("env.SENTRY_DSN", "", "https://k3y@sentry.example.test/4"),
            removed("env.LEGACY_MODE", "on"),
          ]),
        ]),
      ),
      steps: [{ unit: "stack api_service", action: "update" }],
    }),
  },
  {
    name: "remove-stack-orphaned",
    plan: buildPlan({
      stacks: withStacks(
        stack("old_dashboard", "orphaned", [object("service", "old_dashboard_web", "unchanged"), object("network", "old_dashboard_default", "unchanged")]),
      ),
    }),
  },
  {
    name: "remove-stack-prune",
    plan: buildPlan({
      stacks: withStacks(stack("old_dashboard", "remove", [object("service", "old_dashboard_web", "remove"), object("network", "old_dashboard_default", "remove")])),
      steps: [{ unit: "stack old_dashboard", action: "remove" }],
    }),
  },
  { name: "reorder-json-keys", plan: buildPlan() },
  {
    name: "vm-reassignment",
    // Moving web_app from VM 1001 to VM 1002 moves its tasks: a placement change on its service, not "unchanged".
    plan: buildPlan({
      stacks: withStacks(
        stack("web_app", "update", [
          object("service", "web_app_web", "update", [change("deploy.placement.constraints", '["node.labels.org.phoenix.vm.1001==true"]', '["node.labels.org.phoenix.vm.1002==true"]')]),
          object("service", "web_app_probe", "update", [change("deploy.placement.constraints", '["node.labels.org.phoenix.vm.1001==true"]', '["node.labels.org.phoenix.vm.1002==true"]')]),
        ]),
      ),
      infra: withInfra(
        fileChange("firewall", "/etc/pve/firewall/1001.fw", MANAGER_FW, MANAGER_FW.replace(WEB_RULE, "")),
        fileChange("firewall", "/etc/pve/firewall/1002.fw", WORKER_FW, WORKER_FW + WEB_RULE),
      ),
      topology: {
        vms: [
          { vmid: "1001", name: "swarm-manager", role: "manager", node: { id: "n1", hostname: "node-1", address: "10.10.0.111", role: "manager", state: "ready" }, matchedBy: "address" },
          { vmid: "1002", name: "swarm-worker", role: "worker", node: { id: "n2", hostname: "node-2", address: "10.10.0.112", role: "worker", state: "ready" }, matchedBy: "address" },
        ],
        unmatchedNodes: [],
      },
      steps: [
        { unit: "firewall", action: "update" },
        { unit: "stack web_app", action: "update" },
      ],
    }),
  },
  {
    name: "infra-diff-only",
    plan: buildPlan({
      infra: withInfra(
        fileChange("dns", "/etc/dnsmasq.d/00-phoenix-internal.conf", RECORDS, RECORDS.replaceAll("10.10.0.112", "10.10.0.113")),
        fileChange(
          "traefik",
          "/etc/traefik/dynamic/dynamic_conf.yml",
          'http:\n  services:\n    portainer-agent-service:\n      loadBalancer:\n        servers:\n          - url: "http://10.10.0.112:9001"\n',
          'http:\n  services:\n    portainer-agent-service:\n      loadBalancer:\n        servers:\n          - url: "http://10.10.0.113:9001"\n',
        ),
      ),
      warnings: [
        {
          severity: "warning",
          code: "DNS_NAME_CONFLICT",
          stage: "load",
          file: "etc/phoenix_vm_configs.json",
          line: 118,
          column: 25,
          path: "vms[1].traefik_service.name",
          message: "portainer-agent.internal.example.test is also declared as service → 10.10.0.153; it resolves to 10.10.0.113 (agent-hostname)",
        },
      ],
      steps: [
        { unit: "dns", action: "update" },
        { unit: "traefik", action: "update" },
      ],
    }),
  },
  { name: "huge-plan", options: { fullPlanUrl: "https://github.com/example/phoenix-config/runs/4242" }, plan: buildHugePlan() },
];

/** 30 stacks with long values and a 30,000-character firewall diff: more than one comment holds. */
function buildHugePlan(): Plan {
  const stacks = Array.from({ length: 30 }, (_, i) => {
    const name = `tenant_${String(i).padStart(2, "0")}`;
    const fields = Array.from({ length: 4 }, (_, j) => change(`env.SETTING_${j}`, `old-${"x".repeat(140)}-${i}-${j}`, `new-${"y".repeat(140)}-${i}-${j}`));
    return stack(name, "update", [object("service", `${name}_app`, "update", [change("image", `registry.example.test/tenant/app:${i}.0`, `registry.example.test/tenant/app:${i}.1`), ...fields])]);
  });
  const rules = (port: number) => Array.from({ length: 220 }, (_, i) => `IN ACCEPT -p tcp -source 10.20.0.${i} -dport ${port} # tenant rule ${i}\n`).join("");
  return buildPlan({
    stacks: withStacks(...stacks),
    infra: withInfra(fileChange("firewall", "/etc/pve/firewall/1001.fw", `[RULES]\n${rules(8080)}`, `[RULES]\n${rules(8443)}`)),
    steps: stacks.map((s) => ({ unit: `stack ${s.stack}`, action: "update" })),
  });
}
