import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { Resolver } from "node:dns/promises";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";

/** A port that was free on `host` a moment ago (bound to 0 and released), for UDP and TCP. */
export async function findFreePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, host, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket("udp4");
      socket.once("error", () => resolve(false));
      socket.bind(port, host, () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error(`no free port on ${host}`);
}

/** A dnsmasq in the foreground on a config file; `stop` always ends it. */
export class DnsmasqProcess {
  private child: ChildProcess | undefined;
  private stderr = "";

  constructor(
    private readonly configFile: string,
    private readonly server: string,
  ) {}

  /** Starts dnsmasq and resolves once it answers `probeName`; rejects with its stderr when it exits first. */
  async start(probeName: string): Promise<void> {
    this.stderr = "";
    const child = spawn("dnsmasq", ["--keep-in-foreground", "--pid-file", "-C", this.configFile], { stdio: ["ignore", "ignore", "pipe"] });
    this.child = child;
    child.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`dnsmasq exited ${code}: ${this.stderr.trim()}`))));
    exited.catch(() => undefined);
    const resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([this.server]);
    for (let i = 0; i < 50; i++) {
      const answered = await Promise.race([
        resolver.resolve4(probeName).then(
          () => true,
          (err: { code?: string }) => err.code === "ENOTFOUND" || err.code === "ENODATA",
        ),
        exited,
      ]);
      if (answered) return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`dnsmasq did not answer on ${this.server}: ${this.stderr.trim()}`);
  }

  async restart(probeName: string): Promise<void> {
    await this.stop();
    await this.start(probeName);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopChild(child, 3000);
  }
}

/** An nginx master in the foreground; reload waits until every old worker is replaced. */
export class NginxProcess {
  private child: ChildProcess | undefined;
  private stderr = "";

  constructor(
    private readonly configFile: string,
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn("nginx", ["-c", this.configFile, "-p", this.prefix, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
    this.child = child;
    child.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
    for (let i = 0; i < 50; i++) {
      if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${this.stderr.trim()}`);
      if ((await this.workers()).length > 0) return;
      await sleep(100);
    }
    throw new Error(`nginx started no worker: ${this.stderr.trim()}`);
  }

  /** `nginx -s reload`, then wait for the new workers: the signal returns before they serve. */
  async reload(): Promise<void> {
    const before = new Set(await this.workers());
    const r = await execa("nginx", ["-s", "reload", "-c", this.configFile, "-p", this.prefix], { reject: false });
    if (r.exitCode !== 0) throw new Error(`nginx -s reload exited ${r.exitCode}: ${r.stderr}`);
    for (let i = 0; i < 50; i++) {
      const now = await this.workers();
      if (now.length > 0 && now.every((pid) => !before.has(pid))) return;
      await sleep(100);
    }
    throw new Error("nginx kept its old workers: the new configuration was not taken");
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    // TERM is nginx's fast shutdown: it closes open tunnels (WebSockets) instead of waiting for them.
    await stopChild(child, 5000);
  }

  private async workers(): Promise<number[]> {
    const pid = this.child?.pid;
    if (pid === undefined) return [];
    const r = await execa("pgrep", ["-P", String(pid)], { reject: false });
    return r.stdout.split("\n").filter((s) => s !== "").map(Number);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited (at once if it already has). */
async function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([gone, sleep(graceMs).then(() => child.kill("SIGKILL"))]);
  await gone;
}
