import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { loadDesiredState } from "../../../src/config/load-desired-state.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";

const EXAMPLE = path.resolve(import.meta.dirname, "../../..");

/**
 * The bundled example repo copied to a temp dir, loaded from disk as
 * `phoenix validate --dir` does; each test breaks one thing in its copy.
 */
describe("what a --dir load refuses to read", () => {
  let repo: string;
  let outside: string;

  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), "phoenix-refused-"));
    for (const dir of ["etc", "stacks", ".github"]) cpSync(path.join(EXAMPLE, dir), path.join(repo, dir), { recursive: true });
    outside = mkdtempSync(path.join(tmpdir(), "phoenix-host-"));
    writeFileSync(path.join(outside, "passwd"), "root:x:0:0:CANARY-host-file:/root:/bin/sh\n");
  });

  afterEach(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const errors = async () => {
    const result = await loadDesiredState(createDirectoryTree(repo), { loadCompose });
    expect(result.state).toBeUndefined();
    const text = result.diagnostics.map(formatDiagnostic);
    expect(text.join("\n")).not.toContain("CANARY");
    return result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  };

  it("refuses a files entry that is a symlink to a host file, at its place in phoenix.json", async () => {
    rmSync(path.join(repo, "stacks/web_app/configs/production.env"));
    symlinkSync(path.join(outside, "passwd"), path.join(repo, "stacks/web_app/configs/production.env"));
    expect(await errors()).toEqual([
      'stacks/web_app/phoenix.json:21:31 error environments.production.files[0].source: file "configs/production.env": stacks/web_app/configs/production.env is a symlink in the config repo\n' +
        "  hint: Commit the file itself; Phoenix reads the repository's tree and does not follow symlinks or submodules.",
    ]);
  });

  it("refuses a symlinked stack directory by name instead of missing it", async () => {
    symlinkSync(outside, path.join(repo, "stacks/evil"));
    expect(await errors()).toEqual([
      "stacks/evil error: symlink, not followed: Phoenix reads only what the config repo itself contains\n" +
        "  hint: Commit the file itself; Phoenix reads the repository's tree and does not follow symlinks or submodules.",
    ]);
  });

  it("refuses a symlinked compose file instead of reporting it missing", async () => {
    const compose = path.join(repo, "stacks/web_app/docker-compose.yml");
    cpSync(compose, path.join(outside, "docker-compose.yml"));
    rmSync(compose);
    symlinkSync(path.join(outside, "docker-compose.yml"), compose);
    expect(await errors()).toEqual([
      "stacks/web_app/docker-compose.yml error: symlink, not followed: Phoenix reads only what the config repo itself contains\n" +
        "  hint: Commit the file itself; Phoenix reads the repository's tree and does not follow symlinks or submodules.",
    ]);
  });

  it("refuses a compose file over 128 KiB by name", async () => {
    const compose = path.join(repo, "stacks/api_service/docker-compose.yml");
    writeFileSync(compose, `# ${"padding ".repeat(40_000)}\nservices: {}\n`);
    expect(await errors()).toEqual(["stacks/api_service/docker-compose.yml error: file is 312.5 KiB, more than the 128 KiB limit for compose files"]);
  });

  it("refuses a files entry larger than Swarm accepts for a config", async () => {
    writeFileSync(path.join(repo, "stacks/web_app/configs/production.env"), "A=1\n".repeat(300_000));
    expect(await errors()).toEqual([
      'stacks/web_app/phoenix.json:21:31 error environments.production.files[0].source: file "configs/production.env": stacks/web_app/configs/production.env is 1.1 MiB, more than the 1000 KiB limit for files shipped as Swarm configs',
    ]);
  });

  it("stops loading compose files past the compose values of one load, naming the stack", async () => {
    // 1000 anchored keys used by 45 services: 93,325 values, within go-yaml's ratio and the limit of one file.
    let text = `version: "3.8"\nx-filler: [${Array(1000).fill("f").join(", ")}]\nx-env: &env\n`;
    for (let i = 0; i < 1000; i++) text += `  V${i}: v\n`;
    text += "services:\n";
    for (let i = 0; i < 45; i++) text += `  s${i}: {image: "busybox", environment: *env}\n`;
    writeFileSync(path.join(repo, "stacks/api_service/docker-compose.yml"), text);
    const manifest = JSON.parse(readFileSync(path.join(repo, "stacks/api_service/phoenix.json"), "utf8")) as { environments: Record<string, unknown> };
    for (let i = 0; i < 10; i++) manifest.environments[`extra${i}`] = manifest.environments["staging"];
    writeFileSync(path.join(repo, "stacks/api_service/phoenix.json"), JSON.stringify(manifest, null, 4));
    const found = await errors();
    expect(found).toEqual([
      "stacks/api_service/phoenix.json:1:1 error: compose file of stack api_service not loaded: its 93325 values (aliases expanded) in 12 environments take the config repo past its limit of 1000000 compose values for one load\n" +
        "  hint: a real repo stays far below; look for YAML aliases that expand to many values and stacks with many environments",
    ]);
  }, 30_000);
});
