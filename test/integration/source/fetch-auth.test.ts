import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourceError } from "../../../src/errors.js";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";

const TOKEN = "ghs_0123456789abcdefTOKENsecret";
const WRONG_TOKEN = "ghs_wrongwrongwrongWRONGsecret";

/** Everything an error could carry into a log line or a PR comment. */
function exposeError(err: unknown): string {
  const e = err as Error & { cause?: Error; hint?: string };
  return [e.message, e.stack, e.hint, JSON.stringify(e), e.cause?.message, e.cause?.stack, JSON.stringify(e.cause, Object.getOwnPropertyNames(e.cause ?? {}))].join("\n");
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("fetching a config repo that requires a token", () => {
  let repo: FixtureRepo;
  let server: GitHttpServer;
  let cacheDir: string;

  beforeAll(async () => {
    repo = await createFixtureRepo([{ message: "initial", files: { "etc/vms.json": "{}\n", "stacks/web/docker-compose.yml": "services: {}\n" } }]);
    server = await startGitHttpServer({ repoDir: repo.dir, auth: { username: "x-access-token", password: TOKEN } });
    cacheDir = await mkdtemp(path.join(tmpdir(), "phoenix-cache-"));
  });

  afterAll(async () => {
    await server.close();
    await repo.remove();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("fails with SOURCE_AUTH_REQUIRED without a token", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const err = await captureError(config.fetchRef("main"));
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ code: "SOURCE_AUTH_REQUIRED", stage: "source" });
  });

  it("fails with SOURCE_AUTH_FAILED for a wrong token and never shows it", async () => {
    const config = await openConfigRepo({ url: server.url, token: WRONG_TOKEN, cacheDir });
    const err = await captureError(config.fetchRef("main"));
    expect(err).toMatchObject({ code: "SOURCE_AUTH_FAILED", stage: "source" });
    const exposed = exposeError(err);
    expect(exposed).toContain("401");
    expect(exposed).not.toContain(WRONG_TOKEN);
    expect(exposed).not.toContain(Buffer.from(`x-access-token:${WRONG_TOKEN}`).toString("base64"));
  });

  it("fetches with the token as x-access-token basic auth, and logs no secret", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
    const firstRequest = server.requests.length;
    const config = await openConfigRepo({ url: server.url, token: TOKEN, cacheDir, logger });
    const fetched = await config.fetchRef("main");
    expect(fetched.commit).toBe(repo.commits[0]);

    const served = server.requests.slice(firstRequest);
    expect(served.map((r) => [r.status, r.username])).toEqual([
      [200, "x-access-token"],
      [200, "x-access-token"],
    ]);
    const fetchedLine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "config repo fetched");
    expect(fetchedLine).toMatchObject({ repo: server.url, ref: "refs/heads/main", commit: fetched.commit, objects: fetched.objectCount });
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("moves credentials given in the URL out of the cache config and the description", async () => {
    const withCredentials = server.url.replace("http://", `http://x-access-token:${TOKEN}@`);
    const config = await openConfigRepo({ url: withCredentials, cacheDir });
    expect(config.description).toBe(server.url);
    expect((await config.fetchRef("main")).commit).toBe(repo.commits[0]);
    expect(await readFile(path.join(config.gitdir, "config"), "utf8")).not.toContain(TOKEN);
  });
});

describe("fetching from a server that never answers", () => {
  let server: Server;
  const sockets: Socket[] = [];
  /** The request line each connection sent. */
  const requestLines: string[] = [];

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.once("data", (chunk: Buffer) => requestLines.push(chunk.toString("latin1").split("\r\n")[0] ?? ""));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("gives up after the timeout with SOURCE_FETCH_TIMEOUT", async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), "phoenix-cache-"));
    try {
      const address = server.address() as { port: number };
      const config = await openConfigRepo({ url: `http://127.0.0.1:${address.port}/stalled.git`, token: TOKEN, cacheDir, timeoutMs: 300 });
      const started = Date.now();
      const err = await captureError(config.fetchRef("main"));
      expect(err).toMatchObject({ code: "SOURCE_FETCH_TIMEOUT", stage: "source" });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(exposeError(err)).not.toContain(TOKEN);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("gives up after one timeout when the webhook's commit is asked for directly, without a second try the usual way", async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), "phoenix-cache-"));
    try {
      const address = server.address() as { port: number };
      const config = await openConfigRepo({ url: `http://127.0.0.1:${address.port}/stalled.git`, token: TOKEN, cacheDir, timeoutMs: 300 });
      // A commit held here, as if fetched before: the one-request fetch has a "have" to offer.
      const tree = await runGit(config.gitdir, ["mktree"], { input: "" });
      const held = await runGit(config.gitdir, ["commit-tree", tree, "-m", "held"]);
      await runGit(config.gitdir, ["update-ref", "refs/heads/main", held]);
      const before = requestLines.length;
      const err = await captureError(config.fetchRef("refs/heads/main", { expect: "f".repeat(40) }));
      expect(err).toMatchObject({ code: "SOURCE_FETCH_TIMEOUT", stage: "source" });
      expect(requestLines.slice(before)).toEqual(["POST /stalled.git/git-upload-pack HTTP/1.1"]);
      expect(exposeError(err)).not.toContain(TOKEN);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
