import { describe, expect, it } from "vitest";
import type { StackDeployEvent } from "../../../src/pipeline/run-sync.js";
import { SyncProgress } from "../../../src/report/render-sync-progress.js";

const deploy = (stack: string, type: StackDeployEvent["type"], message: string, extra: Partial<StackDeployEvent> = {}) =>
  ({ kind: "deploy", event: { stack, type, message, stream: "stdout", ...extra } }) as const;
const start = (unit: string, action: string) => ({ kind: "step", event: { phase: "start", unit, action } }) as const;
const done = (unit: string, outcome: string, error?: string) => ({ kind: "step", event: { phase: "done", unit, outcome, ...(error ? { error } : {}) } }) as const;

describe("SyncProgress, plain lines", () => {
  it("prints one line per event, each naming its stack, interleaved as the stacks run side by side", () => {
    const progress = new SyncProgress(false);
    const lines = [
      progress.apply(start("stack/web", "create"), 0),
      progress.apply(start("stack/api", "update"), 0),
      progress.apply(deploy("web", "network.create", "Creating network web_default", { name: "web_default" }), 100),
      progress.apply(deploy("api", "service.update", "Updating service api_app (id: x)", { name: "api_app" }), 200),
      progress.apply(deploy("web", "service.converged", "Service web_app converged", { name: "web_app" }), 1_000),
      progress.apply(done("stack/web", "applied"), 1_500),
      progress.apply(
        deploy("api", "service.failed", "Service api_app failed: task: non-zero exit (1)", { name: "api_app", stream: "stderr", lines: ["boom", "exit"] }),
        3_000,
      ),
      progress.apply(done("stack/api", "rolled-back", "api_app failed"), 12_340),
      progress.apply(done("infra/dns", "applied"), 13_000),
    ].flat();
    expect(lines).toEqual([
      "web: creating",
      "api: updating",
      "web: Creating network web_default",
      "api: Updating service api_app (id: x)",
      "web: Service web_app converged",
      "web: applied in 1.5s",
      "api: Service api_app failed: task: non-zero exit (1)",
      "api:   | boom",
      "api:   | exit",
      "api: rolled-back after 12.3s (api_app failed)",
      "infra/dns: applied",
    ]);
    expect(progress.renderBoard(13_000)).toEqual([]);
  });
});

describe("SyncProgress, live board", () => {
  it("shows the units under way with their services, and keeps only ends, failures and warnings as lasting lines", () => {
    const progress = new SyncProgress(true);
    expect(progress.apply(start("stack/web", "create"), 0)).toEqual([]);
    expect(progress.apply(start("stack/api", "update"), 0)).toEqual([]);
    expect(progress.apply(deploy("web", "network.create", "Creating network web_default"), 10)).toEqual([]);
    expect(progress.apply(deploy("web", "service.create", "Creating service web_app", { name: "web_app" }), 20)).toEqual([]);
    expect(progress.apply(deploy("api", "service.update", "Updating service api_app (id: x)", { name: "api_app" }), 20)).toEqual([]);
    expect(progress.renderBoard(2_000)).toEqual([
      "⠋ web: creating 2.0s · Creating network web_default",
      "    web_app: creating",
      "⠋ api: updating 2.0s",
      "    api_app: updating",
    ]);
    expect(progress.apply(deploy("api", "service.failed", "Service api_app failed: task: non-zero exit (1)", { name: "api_app", lines: ["boom"] }), 3_000)).toEqual([
      "api: Service api_app failed: task: non-zero exit (1)",
      "api:   | boom",
    ]);
    expect(progress.apply(deploy("api", "service.rollback", "Rolling back service api_app (id: x)", { name: "api_app" }), 3_100)).toEqual([]);
    expect(progress.renderBoard(3_150)).toContain("    api_app: rolling back");
    expect(progress.apply(deploy("api", "service.rolled-back", "Service api_app rolled back: rollback_completed, 1/1 tasks of the previous spec running", { name: "api_app" }), 9_000)).toEqual([
      "api: Service api_app rolled back: rollback_completed, 1/1 tasks of the previous spec running",
    ]);
    expect(progress.apply(done("stack/web", "applied"), 9_500)).toEqual(["✓ web: applied in 9.5s"]);
    expect(progress.apply(done("stack/api", "rolled-back"), 9_600)).toEqual(["✗ api: rolled-back after 9.6s"]);
    expect(progress.renderBoard(9_700)).toEqual([]);
  });
});
