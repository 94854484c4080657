/**
 * The two-node swarm of scripts/two-node-swarm.sh, for integration tests:
 * `ensureTwoNodeSwarm()` brings it up (a few seconds the first time, about a
 * second when it already runs) and says where its nodes are, or why the
 * machine cannot have one. Use it with top-level await:
 *
 *   const swarm = await ensureTwoNodeSwarm();
 *   describe.skipIf(!swarm.available)(…)
 */
import path from "node:path";
import { execa } from "execa";

const script = path.resolve(import.meta.dirname, "../../scripts/two-node-swarm.sh");
/** The script's exit code when the kernel refuses network namespaces or veth pairs. */
const UNSUPPORTED_EXIT = 77;

export interface TwoNodeNode {
  /** The node's host name, as `docker node ls` shows it. */
  readonly hostname: string;
  /** `Status.Addr`: the address inside its network namespace. */
  readonly address: string;
  /** DOCKER_HOST of the node's own daemon. */
  readonly host: string;
  readonly role: "manager" | "worker";
}

export type TwoNodeSwarm =
  | { readonly available: true; readonly manager: TwoNodeNode; readonly worker: TwoNodeNode }
  | { readonly available: false; readonly reason: string };

export const TWO_NODE_SWARM = {
  manager: { hostname: "node-1", address: "10.213.0.11", host: "unix:///run/docker-n1.sock", role: "manager" },
  worker: { hostname: "node-2", address: "10.213.0.12", host: "unix:///run/docker-n2.sock", role: "worker" },
} as const satisfies Record<string, TwoNodeNode>;

let pending: Promise<TwoNodeSwarm> | undefined;

/** Once per test process: the script is idempotent, but each call costs a second. */
export function ensureTwoNodeSwarm(): Promise<TwoNodeSwarm> {
  pending ??= startTwoNodeSwarm();
  return pending;
}

async function startTwoNodeSwarm(): Promise<TwoNodeSwarm> {
  const run = await execa("bash", [script, "up"], { reject: false, all: true });
  if (run.exitCode === 0) return { available: true, ...TWO_NODE_SWARM };
  if (run.exitCode === UNSUPPORTED_EXIT) return { available: false, reason: `no two-node swarm on this machine: ${run.all.trim()}` };
  throw new Error(`scripts/two-node-swarm.sh up failed (exit ${run.exitCode}):\n${run.all}`);
}
