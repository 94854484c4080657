import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { applyDeployment } from "../../../src/infra/targets/apply-deployment.js";
import type { InfraDeployment } from "../../../src/infra/targets/deployment.js";
import { InfraApplyError } from "../../../src/infra/targets/infra-apply-error.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import type { DesiredFile } from "../../../src/infra/targets/target.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-apply-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const log = createSilentLogger();

interface Calls {
  validate: number;
  reload: string[];
  probe: number;
}

/** A deployment over a temp dir whose reload records what the "daemon" saw at each reload. */
function deployment(files: DesiredFile[], behaviour: { invalid?: string[]; failReload?: (n: number) => boolean; failProbe?: boolean } = {}) {
  const calls: Calls = { validate: 0, reload: [], probe: 0 };
  const main = path.join(dir, "main.conf");
  const d: InfraDeployment = {
    output: "dns",
    target: createLocalTarget(),
    files,
    validate: async () => {
      calls.validate++;
      return behaviour.invalid ?? [];
    },
    reload: async () => {
      calls.reload.push(await readFile(main, "utf8").catch(() => "(missing)"));
      if (behaviour.failReload?.(calls.reload.length)) throw new Error("daemon refused to start");
    },
    probe: async () => {
      calls.probe++;
      if (behaviour.failProbe) throw new Error("no answer");
    },
  };
  return { d, calls, main };
}

const file = (name: string, content: string): DesiredFile => ({ kind: "file", path: path.join(dir, name), content, mode: 0o644 });

describe("applyDeployment", () => {
  it("does nothing, not even a validation, when the target already holds the files", async () => {
    await writeFile(path.join(dir, "main.conf"), "same\n");
    const { d, calls } = deployment([file("main.conf", "same\n")]);
    expect(await applyDeployment(d, log)).toMatchObject({ status: "unchanged", changed: [] });
    expect(calls).toEqual({ validate: 0, reload: [], probe: 0 });
  });

  it("validates, writes, reloads and probes, reporting what changed", async () => {
    await writeFile(path.join(dir, "main.conf"), "old\n");
    const { d, calls, main } = deployment([file("main.conf", "new\n"), file("extra.conf", "x\n"), { kind: "absent", path: path.join(dir, "gone") }]);
    const result = await applyDeployment(d, log);
    expect(result).toMatchObject({ status: "applied", changed: [main, path.join(dir, "extra.conf")] });
    expect(calls).toEqual({ validate: 1, reload: ["new\n"], probe: 1 });
  });

  it("writes nothing when validation fails", async () => {
    await writeFile(path.join(dir, "main.conf"), "old\n");
    const { d, calls, main } = deployment([file("main.conf", "broken\n")], { invalid: ["dnsmasq --test: bad option at line 1"] });
    const err = await applyDeployment(d, log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfraApplyError);
    expect(err).toMatchObject({ code: "INFRA_VALIDATION_FAILED", stage: "apply", phase: "validate", problems: ["dnsmasq --test: bad option at line 1"] });
    expect(await readFile(main, "utf8")).toBe("old\n");
    expect(calls.reload).toEqual([]);
  });

  it("restores every previous entry and reloads again when the reload fails", async () => {
    await writeFile(path.join(dir, "main.conf"), "old\n");
    await writeFile(path.join(dir, "default"), "placeholder\n");
    const { d, calls, main } = deployment(
      [file("main.conf", "new\n"), file("records.conf", "r\n"), { kind: "symlink", path: path.join(dir, "link"), linkTarget: "main.conf" }, { kind: "absent", path: path.join(dir, "default") }],
      { failReload: (n) => n === 1 },
    );
    const err = await applyDeployment(d, log).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INFRA_RELOAD_FAILED", phase: "reload", restored: true });
    expect(calls.reload).toEqual(["new\n", "old\n"]);
    expect(await readFile(main, "utf8")).toBe("old\n");
    expect(await readFile(path.join(dir, "default"), "utf8")).toBe("placeholder\n");
    await expect(readFile(path.join(dir, "records.conf"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readlink(path.join(dir, "link"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("restores when the probe fails and says so when the reload after the restore fails too", async () => {
    await writeFile(path.join(dir, "main.conf"), "old\n");
    const probeFails = deployment([file("main.conf", "new\n")], { failProbe: true });
    await expect(applyDeployment(probeFails.d, log)).rejects.toMatchObject({ code: "INFRA_PROBE_FAILED", restored: true });
    expect(await readFile(probeFails.main, "utf8")).toBe("old\n");

    const allFail = deployment([file("main.conf", "new\n")], { failReload: () => true });
    const err = await applyDeployment(allFail.d, log).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INFRA_RELOAD_FAILED", restored: false });
    expect((err as Error).message).toContain("restoring the previous files failed");
    expect(await readFile(allFail.main, "utf8")).toBe("old\n");
  });

  it("removes the temporary files a killed apply left, also when the files are already current", async () => {
    await writeFile(path.join(dir, "main.conf"), "same\n");
    await writeFile(path.join(dir, ".main.conf.phoenix-0123456789ab"), "sa");
    await writeFile(path.join(dir, ".unrelated.phoenix-0123456789ab"), "not ours");
    const { d, calls } = deployment([file("main.conf", "same\n")]);
    expect(await applyDeployment(d, log)).toMatchObject({ status: "unchanged" });
    expect(calls.validate).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([".unrelated.phoenix-0123456789ab", "main.conf"]);

    await writeFile(path.join(dir, ".main.conf.phoenix-ba9876543210"), "ne");
    const changed = deployment([file("main.conf", "new\n")]);
    expect(await applyDeployment(changed.d, log)).toMatchObject({ status: "applied" });
    expect((await readdir(dir)).sort()).toEqual([".unrelated.phoenix-0123456789ab", "main.conf"]);
    expect(await readFile(changed.main, "utf8")).toBe("new\n");
  });

  it("still applies when the leftovers cannot be listed", async () => {
    const { d, main } = deployment([file("main.conf", "new\n")]);
    const failing: InfraDeployment = { ...d, target: { ...d.target, removeStaleTemporaries: () => Promise.reject(new Error("permission denied")) } };
    expect(await applyDeployment(failing, log)).toMatchObject({ status: "applied" });
    expect(await readFile(main, "utf8")).toBe("new\n");
  });
});
