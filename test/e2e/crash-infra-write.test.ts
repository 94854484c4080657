/**
 * Crash safety of infra writes, end to end: `phoenix serve` (a child process,
 * the production entry point) is killed with SIGKILL the moment its
 * temporary Traefik file appears in the local target directory, i.e. during
 * the write, before or just after its rename. Whatever the kill left, the
 * file is whole (the old render or the new one), and after a restart the
 * reconcile finishes the sync: the new render in place, no temporary file
 * left, every status final.
 */
import { createHmac, randomUUID } from "node:crypto";
import { watch } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WEBHOOK_PATH } from "../../src/github/runtime/create-webhook-server.js";
import { formatSyncRecordName } from "../../src/reconcile/sync-record-store.js";
import { readFinalStatuses } from "../helpers/fake-github/fake-github-state.js";
import { WEBHOOK_SECRET } from "../helpers/fake-github/start-test-app.js";
import { buildPushPayload } from "../helpers/fake-github/webhook-payloads.js";
import { waitFor } from "../helpers/wait-for.js";
import { startGitHubAppHarness } from "./github-app-harness.js";
import { startServeProcess, type ServeProcess } from "./serve-process.js";

const SETTINGS = ".github/phoenix.yml";
const VM_CONFIGS = "etc/phoenix_vm_configs.json";
const TRAEFIK_FILE = "dynamic_conf.yml";
const isTemporary = (name: string) => name.startsWith(`.${TRAEFIK_FILE}.phoenix-`);

describe("phoenix serve killed during an infra write", () => {
  it("leaves a whole file, and the restart's reconcile writes the new render and removes the temporary file", { timeout: 300_000 }, async () => {
    const prefix = `ci${process.pid}`;
    const h = await startGitHubAppHarness(prefix);
    const workDir = path.dirname(h.traefikDir);
    const serveOptions = { github: h.github, cacheDir: path.join(workDir, "serve-cache"), logFile: path.join(workDir, "serve.log") };
    const syncStatuses = (sha: string) => h.github.state.statuses.filter((s) => s.sha === sha && s.context === "phoenix/sync").map(({ state, description }) => ({ state, description }));
    const waitForFinalSync = (sha: string) =>
      waitFor(async () => {
        const last = syncStatuses(sha).at(-1);
        return last && last.state !== "pending" ? last : undefined;
      }, { description: `a final phoenix/sync on ${sha.slice(0, 7)}`, timeoutMs: 180_000, intervalMs: 100, describe: async () => JSON.stringify(syncStatuses(sha)) });
    let serve: ServeProcess | undefined;
    try {
      const settings = await readFile(path.join(h.config.repo.dir, SETTINGS), "utf8");
      const head = await h.config.commitOnBranch("main", h.base, { [SETTINGS]: `${settings}instance: ${prefix}\nreconcile:\n  intervalSeconds: 10\n` }, "reconcile every 10 s");
      serve = await startServeProcess(serveOptions);
      expect(await waitForFinalSync(head)).toMatchObject({ state: "success" });
      const file = path.join(h.traefikDir, TRAEFIK_FILE);
      const oldRender = await readFile(file, "utf8");

      // Only the Traefik render changes: the portainer agent's backend port.
      const vmConfigs = await readFile(path.join(h.config.repo.dir, VM_CONFIGS), "utf8");
      const moved = vmConfigs.replace('"name": "portainer-agent",\n                "port": 9001', '"name": "portainer-agent",\n                "port": 9002');
      expect(moved).not.toBe(vmConfigs);
      const changed = await h.config.commitOnBranch("main", head, { [VM_CONFIGS]: moved }, "portainer agent on 9002");

      // SIGKILL from inside the watcher's callback: the signal is sent the moment the temporary file shows up.
      const running = serve;
      const killed = new Promise<void>((resolve) => {
        const watcher = watch(h.traefikDir, (_event, name) => {
          if (name === null || !isTemporary(name)) return;
          watcher.close();
          resolve(running.stop("SIGKILL"));
        });
      });
      expect(await postWebhook(serve, "push", buildPushPayload(h.repo, { branch: "main", before: head, after: changed }))).toBe(200);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no temporary Traefik file appeared within 120 s")), 120_000);
      });
      await Promise.race([killed, timedOut]).finally(() => clearTimeout(timer));
      serve = undefined;
      expect(syncStatuses(changed).map((s) => s.state)).toEqual(["pending"]);

      const afterKill = await readFile(file, "utf8");
      const leftovers = (await readdir(h.traefikDir)).filter(isTemporary);
      // The kill lands before the rename (the old file and a temporary file left) or just after it
      // (the new file, nothing else: then the restart has nothing to finish). After it, put back
      // what a kill before it leaves, so the restart always has a write to finish and a leftover to remove.
      if (leftovers.length === 0) {
        await writeFile(file, oldRender);
        await writeFile(path.join(h.traefikDir, `.${TRAEFIK_FILE}.phoenix-0123456789ab`), afterKill.slice(0, 100));
      }

      serve = await startServeProcess(serveOptions);
      expect(await waitForFinalSync(changed)).toMatchObject({ state: "success" });
      const newRender = await readFile(file, "utf8");
      expect(newRender).not.toBe(oldRender);
      expect(newRender).toContain(":9002");
      // Never half-written: what the kill left is one of the two whole renders.
      expect([oldRender, newRender]).toContain(afterKill);
      expect(await readdir(h.traefikDir)).toEqual([TRAEFIK_FILE]);
      expect([...readFinalStatuses(h.github.state, "phoenix/sync").values()].filter((s) => s.state === "pending")).toEqual([]);
      expect(serve.logs.some((l) => l.msg === "infra stale temporary files removed")).toBe(true);
    } finally {
      await serve?.stop("SIGTERM");
      const record = await h.port.inspectConfig(formatSyncRecordName(prefix));
      await h.close();
      if (record) await h.port.removeConfig(record.ID);
    }
  });
});

async function postWebhook(serve: ServeProcess, event: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
  const response = await fetch(`${serve.url}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": signature },
    body,
  });
  await response.text();
  return response.status;
}
