import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeSyncRun, renderSyncComment } from "../../../../src/report/github/render-sync-comment.js";
import { renderSyncCheck } from "../../../../src/report/github/render-sync-check.js";
import { APPLIED_DNS, buildDeployResult, buildSyncRun, COMMIT, FAILED_TRAEFIK, RESTORED_NGINX, UNCHANGED_FIREWALL } from "./sync-run-fixtures.js";

const goldenDir = path.resolve(import.meta.dirname, "../../../golden/github");

async function expectGolden(name: string, actual: string): Promise<void> {
  const file = path.join(goldenDir, name);
  await expect(actual).toMatchFileSnapshot(file);
}

const deployedWebApp = { namespace: "web_app", outcome: "applied" as const, deploy: buildDeployResult("web_app", "applied", ["web_app_web", "web_app_probe"]) };
const rolledBackApi = {
  namespace: "api_service",
  outcome: "rolled-back" as const,
  deploy: buildDeployResult("api_service", "rolled-back", ["api_service_api"], {
    verifications: [{ service: "api_service_api", id: "svc0", outcome: "rolled-back", reason: "task: non-zero exit (1)" }],
  }),
};

describe("renderSyncComment", () => {
  it("lists the deployed stacks and the applied and unchanged infrastructure outputs", async () => {
    const run = buildSyncRun([deployedWebApp], [APPLIED_DNS, UNCHANGED_FIREWALL]);
    await expectGolden("sync-comment-applied.md", renderSyncComment(run, COMMIT));
  });

  it("says which stack rolled back and which outputs failed or were restored, and why", async () => {
    const run = buildSyncRun([deployedWebApp, rolledBackApi], [APPLIED_DNS, FAILED_TRAEFIK, RESTORED_NGINX]);
    await expectGolden("sync-comment-failed.md", renderSyncComment(run, COMMIT));
  });

  it("reports an infrastructure-only sync instead of 'nothing to deploy'", () => {
    const run = buildSyncRun([], [APPLIED_DNS]);
    const comment = renderSyncComment(run, COMMIT);
    expect(comment).toContain("| `dns` | local | applied | 2 files changed: `/etc/dnsmasq.conf`, `/etc/dnsmasq.d/00-phoenix-internal.conf` |");
    expect(comment).not.toContain("Nothing to deploy");
    expect(comment).not.toContain("| Stack |");
  });

  it("names at most five changed paths of an output and counts the rest", () => {
    const changed = Array.from({ length: 7 }, (_, i) => `/etc/pve/firewall/10${i}.fw`);
    const comment = renderSyncComment(buildSyncRun([], [{ output: "firewall", target: "ssh root@pve", outcome: "applied", changed }]), COMMIT);
    expect(comment).toContain("7 files changed: `/etc/pve/firewall/100.fw`, ");
    expect(comment).toContain("`/etc/pve/firewall/104.fw`, 2 more |");
    expect(comment).not.toContain("105.fw");
  });

  it("keeps a multi-line infra error on its one line of the list", () => {
    const error = { ...FAILED_TRAEFIK, error: "traefik on lxc 102: validate failed:\n  line 3: bad indentation\n  line 9: unknown key" };
    const comment = renderSyncComment(buildSyncRun([], [error]), COMMIT);
    expect(comment).toContain("- `traefik` on `lxc 102`: validate failed: line 3: bad indentation line 9: unknown key\n");
  });
});

describe("describeSyncRun", () => {
  it("counts stacks and infrastructure outputs", () => {
    expect(describeSyncRun(buildSyncRun([deployedWebApp], [APPLIED_DNS, UNCHANGED_FIREWALL]))).toBe("1 stack deployed, 1 infra output applied");
    expect(describeSyncRun(buildSyncRun([], [APPLIED_DNS, { ...APPLIED_DNS, output: "traefik" }]))).toBe("2 infra outputs applied");
  });

  it("names failed stacks and infrastructure outputs", () => {
    expect(describeSyncRun(buildSyncRun([deployedWebApp, rolledBackApi], [APPLIED_DNS, FAILED_TRAEFIK, RESTORED_NGINX]))).toBe("api_service rolled back, traefik failed, nginx restored");
    expect(describeSyncRun(buildSyncRun([], [RESTORED_NGINX]))).toBe("nginx restored");
  });

  it("says when nothing had to change", () => {
    expect(describeSyncRun(buildSyncRun([], []))).toBe("nothing to deploy: the swarm and the infrastructure match the config");
    expect(describeSyncRun(buildSyncRun([], [UNCHANGED_FIREWALL]))).toBe("nothing changed: the targets already held the config");
  });
});

describe("renderSyncCheck", () => {
  it("fails on an output that was restored, with the outputs in its summary and the comment in its details", () => {
    const run = buildSyncRun([deployedWebApp], [APPLIED_DNS, RESTORED_NGINX]);
    const check = renderSyncCheck(run, COMMIT);
    expect(check.conclusion).toBe("failure");
    expect(check.title).toBe("nginx restored");
    expect(check.summary).toContain("| `nginx` | lxc 101 | failed, previous files restored |  |");
    expect(check.summary).toContain("| `web_app` | deployed | 2 objects changed in 12.3s |");
    expect(check.summary).toContain("- `nginx` on `lxc 101`: probe failed (the previous files were restored): GET https://gateway.internal.example.test/ answered 502");
    expect(check.summary).not.toContain("<!-- phoenix:sync -->");
    expect(check.text).toBe(renderSyncComment(run, COMMIT));
  });

  it("succeeds when every output was applied or already held the files", () => {
    expect(renderSyncCheck(buildSyncRun([], [APPLIED_DNS, UNCHANGED_FIREWALL]), COMMIT).conclusion).toBe("success");
  });
});
