/**
 * CPU profiles for benchmarks: one of this process between two points (the
 * inspector's profiler, as `node --cpu-prof` writes them), and the hot spots
 * of a profile: self time per function and per module (a package under
 * node_modules, or a folder of dist/ or src/), as shares of the sampled time
 * the process was not idle.
 */
import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/** Starts sampling this process; `stop` writes the profile to `file`. */
export async function startCpuProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop(file) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  /** Sampled time outside `(idle)`, in ms. */
  readonly busyMs: number;
  readonly functions: readonly HotSpot[];
  readonly modules: readonly HotSpot[];
  /** Time with the module anywhere on the sampled stack (synchronous callers only: an await starts a new stack). */
  readonly modulesInclusive: readonly HotSpot[];
}

export async function summarizeCpuProfile(file: string, top = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === "(idle)") return;
    busyUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortenUrl(url);
    const fn = `${functionName || "(anonymous)"} ${where}${url ? `:${lineNumber + 1}` : ""}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const module = url ? moduleOf(url) : functionName;
    modules.set(module, (modules.get(module) ?? 0) + us);
    const onStack = new Set<string>();
    for (let frame: number | undefined = id; frame !== undefined; frame = parents.get(frame)) {
      const frameUrl = byId.get(frame)?.callFrame.url ?? "";
      if (frameUrl) onStack.add(moduleOf(frameUrl));
    }
    for (const m of onStack) inclusive.set(m, (inclusive.get(m) ?? 0) + us);
  });
  const rank = (map: Map<string, number>): HotSpot[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }));
  return { busyMs: busyUs / 1000, functions: rank(functions), modules: rank(modules), modulesInclusive: rank(inclusive) };
}

function shortenUrl(url: string): string {
  const nodeModules = url.lastIndexOf("node_modules/");
  if (nodeModules !== -1) return url.slice(nodeModules + "node_modules/".length);
  const dist = url.search(/\/(dist|src)\//);
  if (dist !== -1) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, "");
}

/** `…/node_modules/yaml/dist/x.js` → `yaml`; `…/dist/compose/yaml/x.js` → `dist/compose/yaml`; `node:internal/…` → `node:internal`. */
function moduleOf(url: string): string {
  const nodeModules = url.lastIndexOf("node_modules/");
  if (nodeModules !== -1) {
    const parts = url.slice(nodeModules + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") === true ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? url);
  }
  const own = /\/((?:dist|src)\/.*)\/[^/]+$/.exec(url);
  if (own?.[1] !== undefined) return own[1];
  return url.startsWith("node:") ? (url.split("/")[0] ?? url) : url;
}
