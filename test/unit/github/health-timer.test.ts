import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHealthTimer, type HealthTimer } from "../../../src/github/handlers/health-timer.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/fake-github-server.js";
import { startTestApp, type TestApp } from "../../helpers/fake-github/start-test-app.js";
import { createConfigRepoFixture, type ConfigRepoFixture } from "../../e2e/github-app-fixture.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const SETTINGS = ".github/phoenix.yml";

let github: FakeGitHub;
let gitServer: GitHttpServer;
let app: TestApp;
let config: ConfigRepoFixture;
let cacheDir: string;
let settings: string;
let mainHead: string;
const clock = { ms: Date.parse("2026-01-01T00:00:00Z") };
let timer: HealthTimer;

function healthStatuses() {
  return github.state.statuses.filter((s) => s.context === "phoenix/health");
}

/** Commits the fixture's settings with `drift.intervalMinutes` set, onto main. */
async function setDriftInterval(minutes: number): Promise<string> {
  mainHead = await config.commitOnBranch("main", mainHead, { [SETTINGS]: settings.replace(/intervalMinutes: \d+/, `intervalMinutes: ${minutes}`) }, `drift every ${minutes} minutes`);
  return mainHead;
}

beforeAll(async () => {
  github = await startFakeGitHub();
  config = await createConfigRepoFixture("unit");
  settings = await readFile(path.join(config.repo.dir, SETTINGS), "utf8");
  mainHead = config.repo.commits[0] ?? "";
  gitServer = await startGitHttpServer({ repoDir: config.repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-health-"));
  const port = new FakeSwarmPort();
  app = await startTestApp(github, { openPort: async () => port, cacheDir });
  github.state.installations.push({ id: 7, repositories: [{ owner: "phoenix-test", name: path.basename(config.repo.dir), cloneUrl: gitServer.url, defaultBranch: "main" }] });
  timer = startHealthTimer(app.probot, app.runtime, { tickMs: 24 * 3_600_000, now: () => clock.ms });
}, 60_000);

afterAll(async () => {
  timer.stop();
  await app.close();
  await gitServer.close();
  await github.close();
  await config.repo.remove();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("startHealthTimer", () => {
  it("checks a repository at once, then every drift.intervalMinutes of its settings", { timeout: 60_000 }, async () => {
    await timer.checkDueRepos();
    expect(healthStatuses()).toHaveLength(1);
    // Nothing is deployed on the fake swarm: every stack of the config is missing.
    expect(healthStatuses()[0]).toMatchObject({ sha: config.repo.commits[0], state: "failure" });
    expect(healthStatuses()[0]?.description).toMatch(/^drifted: unit-api_service \(create\), unit-status_page \(create\), unit-web_app \(create\)/);
    clock.ms += 4 * 60_000;
    await timer.checkDueRepos();
    expect(healthStatuses()).toHaveLength(1);
    clock.ms += 60_000;
    await timer.checkDueRepos();
    expect(healthStatuses()).toHaveLength(2);
  });

  it("sets no status while the settings turn checks off, and notices when they are turned on again", { timeout: 60_000 }, async () => {
    await setDriftInterval(0);
    clock.ms += 5 * 60_000;
    await timer.checkDueRepos();
    expect(healthStatuses()).toHaveLength(2);
    const enabled = await setDriftInterval(5);
    clock.ms += 15 * 60_000;
    await timer.checkDueRepos();
    expect(healthStatuses()).toHaveLength(3);
    expect(healthStatuses()[2]?.sha).toBe(enabled);
    expect(github.violations).toEqual([]);
  });
});
