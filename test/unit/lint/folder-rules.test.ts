import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const depcruise = path.join(repoRoot, "node_modules", ".bin", "depcruise");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-folder-rules-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A tiny tree with the project's dependency rules: each file exports one thing and imports the given modules. */
async function cruise(name: string, files: Record<string, readonly string[]>) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(repoRoot, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }));
  for (const [file, imports] of Object.entries(files)) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    const lines = imports.map((target, i) => `import { value as v${i} } from "${relativeImport(file, target)}";`);
    writeFileSync(full, `${lines.join("\n")}\nexport const value = [${imports.map((_, i) => `v${i}`).join(", ")}].length;\n`);
  }
  return execa(depcruise, ["src", "--config", ".dependency-cruiser.cjs"], { cwd: dir, reject: false });
}

function relativeImport(from: string, to: string): string {
  const spec = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, ".js");
  return spec.startsWith(".") ? spec : `./${spec}`;
}

describe("the folder rules that npm run lint checks", () => {
  it("fail on two folders that import each other, though no module is in a loop", { timeout: 60_000 }, async () => {
    const run = await cruise("folder-cycle", {
      "src/report/render.ts": ["src/pipeline/run.ts"],
      "src/pipeline/run.ts": [],
      "src/pipeline/format.ts": ["src/report/render.ts"],
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain("no-folder-cycles");
  });

  it("fail on a stage that imports a later one", { timeout: 60_000 }, async () => {
    const run = await cruise("direction", { "src/plan/plan.ts": ["src/swarm/deploy.ts"], "src/swarm/deploy.ts": [] });
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain("plan-imports-only-earlier-stages");
  });

  it("fail on a Go port or the position module that imports anything of Phoenix", { timeout: 60_000 }, async () => {
    const run = await cruise("leaves", {
      "src/go/strconv.ts": ["src/errors.ts"],
      "src/positions/position.ts": ["src/config/origin.ts"],
      "src/errors.ts": [],
      "src/config/origin.ts": [],
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain("go-ports-are-a-leaf");
    expect(run.stdout).toContain("positions-are-a-leaf");
  });

  it("fail on a CLI verb that wires load and apply itself instead of going through pipeline/", { timeout: 60_000 }, async () => {
    const run = await cruise("cli-wiring", {
      "src/cli/stack/deploy.ts": ["src/compose/load-compose.ts", "src/swarm/apply-services.ts"],
      "src/compose/load-compose.ts": [],
      "src/swarm/apply-services.ts": [],
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain("cli-deploys-through-pipeline");
  });

  it("pass a tree whose folders import in one direction", { timeout: 60_000 }, async () => {
    const run = await cruise("clean", {
      "src/swarm/deploy.ts": ["src/plan/plan.ts", "src/engine/spec.ts"],
      "src/plan/plan.ts": ["src/engine/spec.ts", "src/go/strconv.ts", "src/positions/position.ts"],
      "src/engine/spec.ts": [],
      "src/go/strconv.ts": ["src/go/sort.ts"],
      "src/go/sort.ts": [],
      "src/positions/position.ts": [],
    });
    expect(run.stdout + run.stderr).toContain("no dependency violations");
    expect(run.exitCode).toBe(0);
  });
});
