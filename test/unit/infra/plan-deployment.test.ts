import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InfraDeployment } from "../../../src/infra/targets/deployment.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import { detectDrift, planDeployment } from "../../../src/infra/targets/plan-deployment.js";
import type { DesiredFile } from "../../../src/infra/targets/target.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-plan-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deployment = (files: DesiredFile[]): InfraDeployment => ({
  output: "nginx",
  target: createLocalTarget(),
  files,
  validate: async () => {
    throw new Error("a plan never validates");
  },
  reload: async () => {
    throw new Error("a plan never reloads");
  },
});

describe("planDeployment", () => {
  it("gives a unified diff per file and classifies each change", async () => {
    await writeFile(path.join(dir, "site"), "listen 80;\nserver_name a;\n");
    await writeFile(path.join(dir, "same"), "x\n");
    await writeFile(path.join(dir, "default"), "placeholder\n");
    await symlink("elsewhere", path.join(dir, "link"));
    const plan = await planDeployment(
      deployment([
        { kind: "file", path: path.join(dir, "site"), content: "listen 80 default_server;\nserver_name a;\n", mode: 0o644 },
        { kind: "file", path: path.join(dir, "same"), content: "x\n", mode: 0o644 },
        { kind: "file", path: path.join(dir, "new"), content: "n\n", mode: 0o644 },
        { kind: "absent", path: path.join(dir, "default") },
        { kind: "symlink", path: path.join(dir, "link"), linkTarget: "site" },
      ]),
    );
    expect(plan.hasChanges).toBe(true);
    expect(plan.files.map((f) => f.change)).toEqual(["update", "unchanged", "create", "delete", "update"]);
    const site = plan.files[0]?.diff ?? "";
    expect(site).toContain(`--- ${path.join(dir, "site")}\tcurrent`);
    expect(site).toContain("-listen 80;\n+listen 80 default_server;\n server_name a;");
    expect(plan.files[1]?.diff).toBe("");
    expect(plan.files[3]?.diff).toContain("-placeholder");
    expect(plan.files[4]?.diff).toContain("-symlink → elsewhere\n+symlink → site");
  });

  it("reports drift only for deployments whose target differs", async () => {
    await writeFile(path.join(dir, "a"), "a\n");
    const inSync = deployment([{ kind: "file", path: path.join(dir, "a"), content: "a\n", mode: 0o644 }]);
    const drifted = deployment([{ kind: "file", path: path.join(dir, "a"), content: "edited by hand\n", mode: 0o644 }]);
    expect(await detectDrift([inSync])).toEqual([]);
    const drift = await detectDrift([inSync, drifted]);
    expect(drift).toHaveLength(1);
    expect(drift[0]?.files[0]?.change).toBe("update");
  });
});
