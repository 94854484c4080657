import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDockerClient } from "../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../src/swarm/dockerode-swarm-port.js";
import type { SwarmPort } from "../../src/swarm/swarm-port.js";
import { startGitHttpServer, type GitHttpServer } from "../helpers/git-http-server.js";
import { removeStackCleanly } from "../helpers/swarm-stack.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/fake-github-server.js";
import { startTestApp, type TestApp } from "../helpers/fake-github/start-test-app.js";
import type { FakePullRequest } from "../helpers/fake-github/fake-github-state.js";
import { MAINTAINER_LOGIN, type PullRequestFixture, type RepoFixture } from "../helpers/fake-github/webhook-payloads.js";
import { waitFor } from "../helpers/wait-for.js";
import { createConfigRepoFixture, type ConfigRepoFixture } from "./github-app-fixture.js";

/** The stacks of the bundled example, as the fixture repo declares them. */
const STACKS = ["api_service", "status_page", "web_app"];

/** The app, a fake GitHub, the config repo behind a real git server, and the real swarm, seen through one prefix. */
export interface GitHubAppHarness {
  readonly prefix: string;
  /** `<prefix>-<stack>` of every stack of the fixture. */
  readonly namespaces: readonly string[];
  readonly github: FakeGitHub;
  readonly gitServer: GitHttpServer;
  readonly app: TestApp;
  /** The real swarm, unscoped (for changes behind Phoenix's back). */
  readonly port: SwarmPort;
  readonly config: ConfigRepoFixture;
  readonly repo: RepoFixture;
  /** The fixture repo's first commit. */
  readonly base: string;
  /** Where the Traefik output is deployed (a local target; the other outputs have none). */
  readonly traefikDir: string;
  /** The app's clock is `Date.now() + offsetMs`: tests move it to make intervals pass. */
  readonly clock: { offsetMs: number };
  /** Sends a signed webhook and waits until every run it queued is done. */
  deliver(event: string, payload: Record<string, unknown>, id?: string): Promise<{ status: number; id: string }>;
  /** Waits until every delivery sent so far (`app.sendWebhook` too) is handled and every run it queued is done. */
  settle(): Promise<void>;
  /** `org.phoenix.commit` of web_app's web service: the commit it was last deployed from. */
  readWebServiceCommit(): Promise<string | undefined>;
  /** Makes the fake GitHub know a pull request of the repo (for `pulls/get` and the commit → pull request lookup). */
  seedPullRequest(pr: PullRequestFixture, state: FakePullRequest["state"]): FakePullRequest;
  /** Waits until a service's rolling update (one started outside Phoenix) is over. */
  waitForServiceUpdate(namespace: string, service: string): Promise<void>;
  /** Removes the stacks with their volumes and the deployed Traefik file: nothing of the fixture is deployed. */
  clearDeployment(): Promise<void>;
  /** Removes the stacks with their volumes and stops everything. */
  close(): Promise<void>;
}

/**
 * Starts everything an end-to-end test of the app needs. Each test file
 * passes its own prefix: its stacks never meet another file's on the shared
 * swarm, and the app sees only its own (no orphans from other tests).
 */
export async function startGitHubAppHarness(prefix: string, options: { readonly dockerHost?: string } = {}): Promise<GitHubAppHarness> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-e2e-"));
  const traefikDir = path.join(workDir, "traefik");
  const github = await startFakeGitHub();
  const config = await createConfigRepoFixture(prefix, { traefikDir });
  const gitServer = await startGitHttpServer({ repoDir: config.repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  // The shared swarm, or a test's own dockerd.
  const docker = await createDockerClient(options.dockerHost === undefined ? {} : { host: options.dockerHost });
  const port = createDockerodeSwarmPort(docker);
  const clock = { offsetMs: 0 };
  // `GET /repos/{owner}/{repo}/commits` answers from the fixture repository itself.
  github.state.listCommits = (_owner, _repo, ref) => execFileSync("git", ["-C", config.repo.dir, "rev-list", "--max-count=100", ref], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  const app = await startTestApp(github, {
    now: () => Date.now() + clock.offsetMs,
    openPort: async () => scopeToPrefix(port, prefix), cacheDir: path.join(workDir, "cache"), logFile: path.join(workDir, "app.log"),
    // The fixture's Traefik target has a reload command of its own (`true`): the operator allows repo commands, and no ssh host.
    policy: { allowRepoCommands: true, allowedHosts: [] },
  });
  const repo: RepoFixture = { owner: "phoenix-test", name: path.basename(config.repo.dir), cloneUrl: gitServer.url, defaultBranch: "main", installationId: 4242 };
  github.state.permissions.set(MAINTAINER_LOGIN, "write");
  github.state.installations.push({ id: repo.installationId, repositories: [{ owner: repo.owner, name: repo.name, cloneUrl: repo.cloneUrl, defaultBranch: repo.defaultBranch }] });
  const namespaces = STACKS.map((s) => `${prefix}-${s}`);
  const handling = trackWebhookHandling(app);
  const settle = async () => {
    await Promise.allSettled([...handling]);
    await app.runtime.queue.waitForIdle();
  };
  const clearDeployment = async () => {
    // Volumes too: `docker stack rm` (and Phoenix's removeStack) keep them.
    for (const ns of namespaces) await removeStackCleanly(docker, ns);
    await rm(traefikDir, { recursive: true, force: true });
  };
  return {
    prefix,
    namespaces,
    github,
    gitServer,
    app,
    port,
    config,
    repo,
    base: config.repo.commits[0] ?? "",
    traefikDir,
    clock,
    async deliver(event, payload, id) {
      const sent = await app.sendWebhook(event, payload, id === undefined ? {} : { id });
      await settle();
      return sent;
    },
    settle,
    async readWebServiceCommit() {
      const services = await port.listStackServices(`${prefix}-web_app`);
      return services.find((s) => s.Spec.Name.endsWith("_web"))?.Spec.Labels?.["org.phoenix.commit"];
    },
    seedPullRequest(pr, state) {
      const seeded: FakePullRequest = { owner: repo.owner, repo: repo.name, number: pr.number, headSha: pr.headSha, headRef: pr.headRef, baseRef: pr.baseRef, headRepo: pr.headRepo ?? `${repo.owner}/${repo.name}`, state, mergeCommitSha: undefined };
      github.state.pullRequests.push(seeded);
      return seeded;
    },
    async waitForServiceUpdate(namespace, service) {
      const readState = async () => (await port.listStackServices(namespace)).find((s) => s.Spec.Name === service)?.UpdateStatus?.State;
      await waitFor(async () => ((await readState()) === "updating" ? undefined : true), {
        description: `the update of ${service} to finish`,
        timeoutMs: 60_000,
        intervalMs: 500,
        describe: async () => String(await readState()),
      });
    },
    clearDeployment,
    async close() {
      await clearDeployment();
      await app.close();
      await gitServer.close();
      await github.close();
      await config.repo.remove();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * The webhook handlers still running. Octokit's middleware answers 202 once
 * a handler has run for 9 s (a cold start on a busy machine) and lets it
 * finish in the background, so the HTTP answer does not say the handlers
 * are done, nor that they queued their runs yet.
 */
function trackWebhookHandling(app: TestApp): ReadonlySet<Promise<void>> {
  const handling = new Set<Promise<void>>();
  const webhooks = app.probot.webhooks;
  const verifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = (options) => {
    const handled = verifyAndReceive(options);
    handling.add(handled);
    // A refused signature rejects: the middleware answers it; here it only ends the wait.
    void handled.catch(() => undefined).finally(() => handling.delete(handled));
    return handled;
  };
  return handling;
}

/** The shared swarm as one test file may see it: only its own stacks, so other tests' stacks never show up as orphans. */
function scopeToPrefix(inner: SwarmPort, prefix: string): SwarmPort {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key !== "listAllStackObjects") return Reflect.get(target, key, receiver) as unknown;
      return async () => new Map([...(await target.listAllStackObjects())].filter(([namespace]) => namespace.startsWith(`${prefix}-`)));
    },
  });
}
