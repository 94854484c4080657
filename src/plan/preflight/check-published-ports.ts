/**
 * Published ports as swarmkit's control API checks them
 * (manager/controlapi/service.go, `validateEndpointSpec` and
 * `checkPortConflicts`): one service may not publish a port and protocol
 * twice, and an ingress port belongs to one service of the whole swarm
 * (host-mode ports may repeat: the scheduler spreads them). All stacks of a
 * config go to one swarm, so the second service would be refused mid-sync,
 * after the first stacks were deployed.
 */
import type { PortConfig } from "../../engine/engine-service-spec.js";
import { trimStackPrefix } from "../../engine/stack-labels.js";
import type { StackToCheck, SwarmRefusal } from "./swarm-refusal.js";

interface Publisher {
  readonly stack: string;
  readonly service: string;
  readonly mode: "ingress" | "host";
}

export function checkPublishedPorts(stacks: readonly StackToCheck[]): SwarmRefusal[] {
  const out: SwarmRefusal[] = [];
  const swarm = new Map<string, Publisher[]>();
  for (const stack of stacks) {
    for (const service of stack.spec.services) {
      const name = trimStackPrefix(stack.namespace, service.Name);
      const own = new Set<string>();
      for (const port of service.EndpointSpec?.Ports ?? []) {
        if (port.PublishedPort === undefined || port.PublishedPort === 0) continue;
        const key = portKey(port);
        const mode = port.PublishMode ?? "ingress";
        const at = { stack: stack.stack, service: name, list: ["ports"], matches: (raw: unknown) => publishes(raw, port) };
        if (own.has(key)) {
          out.push({
            ...at,
            severity: "error",
            code: "SWARM_PORT_DUPLICATE",
            message: `service ${name} publishes port ${key} twice: the swarm refuses it (duplicate published ports provided)`,
          });
          continue;
        }
        own.add(key);
        const earlier = (swarm.get(key) ?? []).find((p) => p.mode === "ingress" || mode === "ingress");
        if (earlier)
          out.push({
            ...at,
            severity: "error",
            code: "SWARM_PORT_IN_USE",
            message: `port ${key} is published by service ${earlier.service} of stack ${earlier.stack} already${earlier.mode === "ingress" ? " (ingress)" : " (host mode)"}: the swarm refuses service ${name} of stack ${stack.stack} in the middle of a sync`,
            hint: "publish another port, or use mode: host on both where each node may run only one of them",
          });
        swarm.set(key, [...(swarm.get(key) ?? []), { stack: stack.stack, service: name, mode }]);
      }
    }
  }
  return out;
}

/** `8080/tcp`: the daemon defaults the protocol to tcp. */
function portKey(port: PortConfig): string {
  return `${port.PublishedPort}/${port.Protocol ?? "tcp"}`;
}

/**
 * Whether a `ports` entry as written publishes this port: the long form's
 * `published`, or the host part of a short form (`[ip:]host[-end]:container[/proto]`).
 */
function publishes(raw: unknown, port: PortConfig): boolean {
  const published = port.PublishedPort ?? 0;
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const value = (raw as Record<string, unknown>).published;
    return Number(value) === published;
  }
  if (typeof raw !== "string") return false;
  const parts = raw.replace(/\/[a-z]+$/i, "").split(":");
  if (parts.length < 2) return false;
  const [start, end = start] = (parts[parts.length - 2] ?? "").split("-").map(Number);
  return start !== undefined && end !== undefined && published >= start && published <= end;
}
