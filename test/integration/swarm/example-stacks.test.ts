import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Docker from "dockerode";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { deployStackWithCli, listRunningTasks, listStackServices, removeStackCleanly, waitForStackRunning } from "../../helpers/swarm-stack.js";

/**
 * The bundled example config (stacks/*) must really run: every stack, in
 * every environment its phoenix.json declares, deployed with the reference
 * CLI on the local swarm, reaches its full replica count with healthchecks
 * passing, and serves what its config files and variables say.
 */
const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const STACKS_DIR = path.join(REPO_ROOT, "stacks");

interface StackManifest {
  readonly environments: Record<string, { readonly variables?: readonly { readonly name: string; readonly value: string }[] }>;
}

interface Deployment {
  readonly stack: string;
  readonly environment: string;
  /** Swarm stack name for this test run. */
  readonly name: string;
  readonly variables: Record<string, string>;
}

/** Per stack: a request made inside one of its containers, and what it must answer. */
const CONTENT_CHECKS: Record<string, (d: Deployment) => { service: string; url: string; expected: string }> = {
  web_app: () => ({ service: "web", url: "http://127.0.0.1:8080/banner.txt", expected: readStackFile("web_app", "configs/banner.txt") }),
  status_page: () => ({ service: "status", url: "http://127.0.0.1:8080/", expected: readStackFile("status_page", "configs/index.html") }),
  api_service: (d) => ({
    service: "api",
    url: `http://127.0.0.1:${d.variables.API_PORT}/cgi-bin/health`,
    expected: `{"status":"ok","environment":"${d.variables.API_ENVIRONMENT}"}\n`,
  }),
};

function readStackFile(stack: string, file: string): string {
  return readFileSync(path.join(STACKS_DIR, stack, file), "utf8");
}

function listDeployments(): Deployment[] {
  const stacks = readdirSync(STACKS_DIR).filter((s) => existsSync(path.join(STACKS_DIR, s, "phoenix.json"))).sort();
  return stacks.flatMap((stack) => {
    const manifest = JSON.parse(readStackFile(stack, "phoenix.json")) as StackManifest;
    return Object.entries(manifest.environments).map(([environment, env]) => ({
      stack,
      environment,
      name: `ex_${stack}_${environment}`,
      variables: Object.fromEntries((env.variables ?? []).map((v) => [v.name, v.value])),
    }));
  });
}

async function fetchInsideService(docker: Docker, stack: string, service: string, url: string): Promise<string> {
  const services = await listStackServices(docker, stack);
  const target = services.find((s) => s.Spec?.Name === `${stack}_${service}`);
  if (!target) throw new Error(`no service ${stack}_${service}`);
  const [task] = await listRunningTasks(docker, target.ID);
  const containerId = task?.Status?.ContainerStatus?.ContainerID;
  if (!containerId) throw new Error(`no running container for ${stack}_${service}`);
  const { stdout } = await execa("docker", ["exec", containerId, "wget", "-q", "-O-", url], { stripFinalNewline: false });
  return stdout;
}

describe("bundled example stacks", () => {
  const deployments = listDeployments();
  let docker: Docker;

  beforeAll(async () => {
    docker = await createDockerClient();
    // A previous run that was killed may have left its stacks behind.
    await Promise.all(deployments.map((d) => removeStackCleanly(docker, d.name)));
  });

  afterAll(async () => {
    if (docker) await Promise.all(deployments.map((d) => removeStackCleanly(docker, d.name)));
  });

  it("has three stacks, each with production and at least one other environment", () => {
    const stacks = [...new Set(deployments.map((d) => d.stack))];
    expect(stacks).toEqual(["api_service", "status_page", "web_app"]);
    for (const stack of stacks) {
      const names = deployments.filter((d) => d.stack === stack).map((d) => d.environment);
      expect(names, stack).toContain("production");
      expect(names.length, stack).toBeGreaterThan(1);
    }
  });

  it("deploys every stack in every environment with docker stack deploy, runs it healthy and serves its content", async () => {
    for (const d of deployments) {
      await deployStackWithCli(d.name, path.join(STACKS_DIR, d.stack, "docker-compose.yml"), d.variables);
    }
    await Promise.all(deployments.map((d) => waitForStackRunning(docker, d.name, 90_000)));

    for (const d of deployments) {
      const check = CONTENT_CHECKS[d.stack]?.(d);
      expect(check, `a content check for stack ${d.stack}`).toBeDefined();
      if (!check) continue;
      const body = await fetchInsideService(docker, d.name, check.service, check.url);
      expect(body, `${d.name} ${check.url}`).toBe(check.expected);
    }
  });
});
