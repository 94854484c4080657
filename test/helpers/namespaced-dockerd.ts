/**
 * A dockerd of a test's own, in a network namespace of its own, with its own
 * data root, exec root, pidfile and socket: a daemon the test may kill and
 * start again without touching the shared one (or the two-node swarm). One
 * interface (a veth whose host end is attached to nothing) gives swarm an
 * address to advertise; the /24 is the test's own.
 */
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { execa } from "execa";
import { waitFor } from "./wait-for.js";

export interface NamespacedDockerd {
  /** DOCKER_HOST of the daemon. */
  readonly host: string;
  /** SIGKILLs the daemon (and so its containerd) and starts it again on the same data root; resolves once it answers. */
  restart(options?: { readonly downMs?: number }): Promise<void>;
  /** SIGKILLs the daemon and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts the daemon again; resolves once it answers. */
  start(): Promise<void>;
  /** Stops the daemon and removes the namespace, the link and every directory; safe to call after a partial start. */
  remove(): Promise<void>;
}

export interface NamespacedDockerdOptions {
  /** The namespace, the paths (`/var/lib/docker-<suffix>`, `/run/docker-<suffix>.sock`) and the host link are named after it. */
  readonly name: string;
  readonly suffix: string;
  /** The daemon's address inside the namespace, in a /24 no other test uses. */
  readonly address: string;
  /** Images of the main daemon to load (there is no registry here). */
  readonly images: readonly string[];
  /** The daemon's output is appended here. */
  readonly logFile: string;
}

/** Resolves once the daemon answers, its swarm initialised and the images loaded; removes everything when any step fails. */
export async function startNamespacedDockerd(options: NamespacedDockerdOptions): Promise<NamespacedDockerd> {
  const { name, suffix, address } = options;
  const dataRoot = `/var/lib/docker-${suffix}`;
  const execRoot = `/run/docker-${suffix}`;
  const pidFile = `/run/docker-${suffix}.pid`;
  const socket = `/run/docker-${suffix}.sock`;
  const host = `unix://${socket}`;
  const link = `${name}v`;
  const docker = (...args: string[]) => execa("docker", ["-H", host, ...args]);
  const readPid = async () => Number((await readFile(pidFile, "utf8").catch(() => "")).trim()) || undefined;

  const start = async () => {
    // A daemon killed with SIGKILL leaves its pidfile, and a new one refuses to start beside it.
    // Its containerd's pidfile too: dockerd would wait for a dead (or unreaped) containerd instead of starting one.
    await rm(pidFile, { force: true });
    await rm(`${execRoot}/containerd/containerd.pid`, { force: true });
    // nsenter, not `ip netns exec`: the latter remounts /sys and dockerd then fails (see scripts/two-node-swarm.sh).
    const child = execa("setsid", ["nsenter", `--net=/run/netns/${name}`, "dockerd", "--data-root", dataRoot, "--exec-root", execRoot, "--pidfile", pidFile, "-H", host, "--iptables=false", "--ip6tables=false", "--bridge=none"], {
      detached: true,
      stdin: "ignore",
      stdout: { file: options.logFile, append: true },
      stderr: { file: options.logFile, append: true },
      reject: false,
    });
    child.unref();
    await waitFor(async () => ((await docker("info", "--format", "{{.ID}}").then(() => true, () => false)) ? true : undefined), {
      description: `dockerd ${name} to answer`,
      timeoutMs: 60_000,
      intervalMs: 200,
      describe: async () => (await readFile(options.logFile, "utf8").catch(() => "")).split("\n").slice(-5).join("\n"),
    });
  };
  const kill = async () => {
    // Its containerd too: it outlives a killed dockerd and holds its socket, and the next dockerd could not start its own.
    const pids = [await readPid(), ...(await findProcesses((args) => args.startsWith("containerd ") && args.includes(`${execRoot}/containerd/`)))];
    for (const pid of pids) {
      if (pid === undefined) continue;
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        continue;
      }
      await waitFor(async () => (existsSync(`/proc/${pid}`) && !(await isZombie(pid)) ? undefined : true), { description: `process ${pid} of dockerd ${name} to exit`, timeoutMs: 30_000, intervalMs: 100 });
    }
  };
  const remove = async () => {
    const pid = await readPid();
    if (pid !== undefined) {
      try {
        process.kill(pid, "SIGTERM");
        await waitFor(async () => (existsSync(`/proc/${pid}`) && !(await isZombie(pid)) ? undefined : true), { description: `dockerd ${name} to stop`, timeoutMs: 30_000, intervalMs: 200 }).catch(() => kill());
      } catch {
        // Already gone.
      }
    }
    await killLeftoverShims(execRoot);
    await unmountUnder([dataRoot, execRoot]);
    await execa("ip", ["netns", "del", name], { reject: false });
    await execa("ip", ["link", "del", link], { reject: false });
    for (const dir of [dataRoot, execRoot, pidFile, socket]) await rm(dir, { recursive: true, force: true });
  };

  try {
    await execa("ip", ["netns", "add", name]);
    await execa("ip", ["link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", name]);
    await execa("ip", ["link", "set", link, "up"]);
    await execa("ip", ["netns", "exec", name, "ip", "addr", "add", `${address}/24`, "dev", "eth0"]);
    await execa("ip", ["netns", "exec", name, "ip", "link", "set", "eth0", "up"]);
    await execa("ip", ["netns", "exec", name, "ip", "link", "set", "lo", "up"]);
    await start();
    await docker("swarm", "init", "--advertise-addr", address);
    await execa("sh", ["-c", `docker save "$@" | docker -H ${host} load`, "sh", ...options.images]);
  } catch (err) {
    await remove();
    throw err;
  }
  return {
    host,
    kill,
    start,
    async restart(restartOptions = {}) {
      await kill();
      await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs ?? 1000));
      await start();
    },
    remove,
  };
}

async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat === "" || / Z /.test(stat.slice(stat.lastIndexOf(")")));
}

/** containerd-shims of this daemon's containers outlive a killed dockerd: found by their exec root, killed by pid. */
async function killLeftoverShims(execRoot: string): Promise<void> {
  for (const pid of await findProcesses((args) => args.includes("containerd-shim") && args.includes(`${execRoot}/`))) process.kill(pid, "SIGKILL");
}

async function findProcesses(match: (args: string) => boolean): Promise<number[]> {
  const ps = await execa("ps", ["-eo", "pid=,args="], { reject: false });
  return String(ps.stdout)
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m?.[1] !== undefined && m[2] !== undefined && match(m[2]) ? [Number(m[1])] : []));
}

async function unmountUnder(roots: readonly string[]): Promise<void> {
  const mounts = (await readFile("/proc/mounts", "utf8")).split("\n").map((l) => l.split(" ")[1] ?? "");
  const ours = mounts.filter((m) => roots.some((r) => m === r || m.startsWith(`${r}/`))).sort((a, b) => b.length - a.length);
  for (const mount of ours) await execa("umount", ["-l", mount], { reject: false });
}
