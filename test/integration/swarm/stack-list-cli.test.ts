/**
 * `phoenix stack ls|services|ps` next to the real `docker stack` (20.10.24
 * and 28.2.2, docs/development.md) on the shared swarm, for a stack Phoenix
 * deploys: the same bytes for `--format`, `-q`, `--filter`, `--no-trunc`,
 * `--no-resolve` and the default tables (task ages normalised), and the
 * same argument, flag and daemon errors (`docker` read as `phoenix`).
 * The verbs run in-process through the real command tree; flag errors end
 * the process, so those run as child processes.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createProgram } from "../../../src/cli/program.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { removeStackCleanly, waitForStackRunning } from "../../helpers/swarm-stack.js";
import { uniqueStackName } from "./deploy-test-support.js";

const CLIS = [
  { version: "20.10", binary: "/usr/bin/docker" },
  { version: "28.2", binary: "/usr/local/bin/docker" },
] as const;
const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The phoenix command tree in this process, its output captured. */
async function phoenix(args: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    await createProgram().parseAsync(["node", "phoenix", ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

/** The phoenix CLI as a child process (for errors that end the process). */
async function phoenixProcess(args: readonly string[]): Promise<Run> {
  const run = await execa(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: REPO_ROOT, reject: false });
  return { stdout: run.stdout ? `${run.stdout}\n` : "", stderr: run.stderr ? `${run.stderr}\n` : "", exitCode: run.exitCode ?? 1 };
}

async function docker(binary: string, args: readonly string[]): Promise<Run> {
  const run = await execa(binary, args, { reject: false, stripFinalNewline: false });
  const named = (text: string) => text.replaceAll("docker", "phoenix");
  return { stdout: named(run.stdout), stderr: named(run.stderr), exitCode: run.exitCode ?? 1 };
}

/** Task ages move between two runs: `Running 7 seconds ago` → `Running <age>`, and the columns re-joined by one space. */
function withoutAges(text: string): string {
  return text
    .replace(/(Running|Failed|Shutdown|Complete|Rejected|Preparing|Starting|Pending|Assigned|Accepted|Ready|New) (less than a second|about a minute|about an hour|\d+ \w+) ago/g, "$1 <age>")
    .replace(/ {2,}/g, " ")
    .replace(/ +\n/g, "\n");
}

describe("phoenix stack ls|services|ps and docker stack on one swarm", () => {
  const stack = uniqueStackName("ls");
  let client: Docker;
  let dir: string;

  beforeAll(async () => {
    client = await createDockerClient();
    const info = await client.info();
    dir = await mkdtemp(path.join(tmpdir(), "phoenix-stack-ls-"));
    // A random ingress port; the node pin keeps tasks where the local test image is.
    const port = 30000 + Math.floor(Math.random() * 2000);
    const compose = `version: "3.8"
services:
  web:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    ports: ["${port}:80", "${port + 1}:81"]
    deploy:
      replicas: 2
      placement: { constraints: ["node.id == ${info.Swarm.NodeID}"] }
  worker:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      placement: { constraints: ["node.id == ${info.Swarm.NodeID}"] }
`;
    await writeFile(path.join(dir, "docker-compose.yml"), compose);
    const deployed = await phoenix(["stack", "deploy", "--cli-version", "28.2", "--detach=false", "--resolve-image", "never", "-c", path.join(dir, "docker-compose.yml"), stack]);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    await waitForStackRunning(client, stack);
  }, 180_000);

  afterAll(async () => {
    if (client !== undefined) {
      // `down` is docker's alias of `rm`; the clean removal after it is a no-op unless it failed.
      const down = await phoenix(["stack", "down", stack]);
      await removeStackCleanly(client, stack);
      expect(down.stdout).toContain(`Removing service ${stack}_web\n`);
      expect(down.exitCode).toBe(0);
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  for (const cli of CLIS) {
    const same = async (args: readonly string[], normalise: (text: string) => string = (t) => t) => {
      const [mine, theirs] = [await phoenix([...args, "--cli-version", cli.version]), await docker(cli.binary, args)];
      expect({ ...mine, stdout: normalise(mine.stdout) }, `${args.join(" ")} (${cli.version})`).toEqual({ ...theirs, stdout: normalise(theirs.stdout) });
      return mine;
    };

    it(`services: table, -q, --format, --filter (${cli.version})`, async () => {
      const table = await same(["stack", "services", stack]);
      expect(table.stdout).toMatch(new RegExp(`${stack}_web +replicated +2/2 +phoenix-test/busybox:1 +\\*:\\d+-\\d+->80-81/tcp`));
      await same(["stack", "services", "-q", stack]);
      await same(["stack", "services", "--format", "{{json .}}", stack]);
      await same(["stack", "services", "--format", "table {{.Name}}\t{{.Mode}}\t{{.Replicas}}", stack]);
      await same(["stack", "services", "--filter", `name=${stack}_web`, stack]);
      await same(["stack", "services", "-f", "mode=global", stack]);
      await same(["stack", "services", "--format", "json", stack]);
    });

    it(`ps: table, -q, --no-trunc, --no-resolve, --format, --filter (${cli.version})`, async () => {
      const table = await same(["stack", "ps", stack], withoutAges);
      expect(withoutAges(table.stdout)).toContain(`${stack}_web.2 phoenix-test/busybox:1`);
      await same(["stack", "ps", "-q", stack]);
      await same(["stack", "ps", "-q", "--no-trunc", stack]);
      await same(["stack", "ps", "--no-resolve", "--format", "{{.Name}} {{.Node}} {{.DesiredState}}", stack]);
      await same(["stack", "ps", "--no-trunc", "--format", "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Ports}}", stack]);
      await same(["stack", "ps", "--filter", "desired-state=running", "--format", "{{.Name}}", stack]);
      await same(["stack", "ps", "--format", "{{json .}}", stack], withoutAges);
    });

    it(`ls: our stack's line in --format and {{json .}} (${cli.version})`, async () => {
      const ours = (text: string) => text.split("\n").filter((line) => line.includes(stack)).join("\n");
      const line = await same(["stack", "ls", "--format", "{{.Name}} {{.Services}}"], ours);
      expect(ours(line.stdout)).toBe(`${stack} 2`);
      await same(["stack", "ls", "--format", "{{json .}}"], ours);
    });

    it(`errors: arguments, template, daemon refusal (${cli.version})`, async () => {
      await same(["stack", "deploy"]);
      await same(["stack", "ps"]);
      await same(["stack", "rm"]);
      await same(["stack", "ls", "extra"]);
      await same(["stack", "services", "a", "b"]);
      await same(["stack", "ls", "--format", "{{.Foo}}"]);
      await same(["stack", "ps", "-f", "foo=bar", stack]);
      await same(["stack", "ps", "nothing-here-at-all"]);
      await same(["stack", "services", "nothing-here-at-all"]);
    });

    it(`flag errors exit 125 with the CLI's hint lines (${cli.version})`, { timeout: 120_000 }, async () => {
      for (const args of [
        ["stack", "ps", "-f", "foo", stack],
        ["stack", "services", "--bogus", stack],
      ]) {
        const mine = await phoenixProcess([...args, "--cli-version", cli.version]);
        expect(mine, `${args.join(" ")} (${cli.version})`).toEqual(await docker(cli.binary, args));
      }
    });
  }
});
