import type { SwarmPort } from "../swarm/swarm-port.js";

/**
 * The swarm reads a plan makes (its stacks' live objects, the nodes, this
 * node), started at once so the daemon answers while the head is fetched
 * and the repo loads (the app's pull request plans; they are made even when
 * the config turns out invalid). The first call of each gets the
 * prefetched answer, later calls read again. A prefetch nobody asks for
 * (the config did not load) is dropped without an unhandled rejection.
 */
export function prefetchSwarmReads(port: SwarmPort): SwarmPort {
  const pending = {
    live: port.listAllStackObjects(),
    nodes: port.listNodes(),
    self: port.getNodeState(),
  };
  for (const read of Object.values(pending)) read.catch(() => undefined);
  const taken = new Set<keyof typeof pending>();
  const once = <K extends keyof typeof pending>(key: K, read: () => (typeof pending)[K]): (typeof pending)[K] => {
    if (taken.has(key)) return read();
    taken.add(key);
    return pending[key];
  };
  return new Proxy(port, {
    get(target, key, receiver) {
      if (key === "listAllStackObjects") return () => once("live", () => target.listAllStackObjects());
      if (key === "listNodes") return () => once("nodes", () => target.listNodes());
      if (key === "getNodeState") return () => once("self", () => target.getNodeState());
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}
