/**
 * A SwarmPort decorator that counts the calls which change the swarm. It backs
 * the "an unchanged stack costs zero write calls" guarantee in tests and the
 * write-call column of the benchmarks.
 */
import { WRITE_METHODS, type SwarmPort, type WriteMethod } from "./swarm-port.js";

export interface WriteCallCounts {
  readonly total: number;
  readonly byMethod: Readonly<Record<WriteMethod, number>>;
}

export interface CountingSwarmPort extends SwarmPort {
  /** A snapshot of the counts so far. */
  readonly writeCalls: WriteCallCounts;
  resetWriteCalls(): void;
}

export function createEmptyWriteCallCounts(): WriteCallCounts {
  const byMethod = Object.fromEntries(WRITE_METHODS.map((method) => [method, 0])) as Record<WriteMethod, number>;
  return { total: 0, byMethod };
}

/** The difference `after - before`, e.g. the writes one deploy made on a shared counting port. */
export function subtractWriteCallCounts(after: WriteCallCounts, before: WriteCallCounts): WriteCallCounts {
  const byMethod = { ...createEmptyWriteCallCounts().byMethod };
  for (const method of WRITE_METHODS) byMethod[method] = after.byMethod[method] - before.byMethod[method];
  return { total: after.total - before.total, byMethod };
}

/**
 * Counts attempted writes, failed ones included: each is a request the daemon
 * had to handle. A Proxy rather than a copy, so that ports written as classes
 * keep their prototype methods.
 */
export function createCountingSwarmPort(port: SwarmPort): CountingSwarmPort {
  let byMethod = { ...createEmptyWriteCallCounts().byMethod };
  const writeMethods = new Set<PropertyKey>(WRITE_METHODS);

  const snapshot = (): WriteCallCounts => ({
    total: Object.values(byMethod).reduce((sum, n) => sum + n, 0),
    byMethod: { ...byMethod },
  });
  const reset = (): void => {
    byMethod = { ...createEmptyWriteCallCounts().byMethod };
  };

  return new Proxy(port, {
    get(target, property) {
      if (property === "writeCalls") return snapshot();
      if (property === "resetWriteCalls") return reset;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!writeMethods.has(property)) return method.bind(target);
      const name = property as WriteMethod;
      return (...args: unknown[]) => {
        byMethod[name] += 1;
        return method.apply(target, args);
      };
    },
  }) as CountingSwarmPort;
}
