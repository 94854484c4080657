/**
 * A fast-check generator of valid stack files (Compose spec, no `version`,
 * as the 28.2 CLI reads them) that runs on the test swarms with the local
 * images only. It reaches every form whose stored spec differs from what is
 * sent: logging options with and without a driver, bind mounts with a
 * `consistency`, `healthcheck.start_interval`, port ranges and unpublished
 * ports, host-mode ports, short and long volume forms, tmpfs sizes, resource
 * strings, restart and update policies, placement, labels in both forms.
 * Replicated services run no task (`replicas: 0`): the property is about
 * write calls, not tasks.
 */
import fc from "fast-check";
import { stringify } from "yaml";

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const value = fc.stringMatching(/^[A-Za-z0-9 ._-]{0,12}$/);

const logging = fc.oneof(
  fc.constant({ options: { "max-size": "1m" } }),
  fc.constant({ driver: "json-file", options: { "max-size": "2m", "max-file": "3" } }),
  fc.constant({ driver: "json-file" }),
);

const healthcheck = fc.record(
  {
    test: fc.constantFrom(["CMD", "true"], "true", ["CMD-SHELL", "exit 0"]),
    interval: fc.constantFrom("5s", "1m30s"),
    timeout: fc.constantFrom("3s", "10s"),
    retries: fc.integer({ min: 1, max: 5 }),
    start_period: fc.constantFrom("2s", "0s"),
    start_interval: fc.constantFrom("1s", "500ms"),
  },
  { requiredKeys: ["test"] },
);

const volume = fc.oneof(
  fc.record({ type: fc.constant("bind"), source: fc.constant("/tmp"), target: fc.constant("/data"), read_only: fc.boolean(), consistency: fc.constantFrom("cached", "delegated", "consistent") }, { requiredKeys: ["type", "source", "target"] }),
  fc.record({ type: fc.constant("tmpfs"), target: fc.constant("/scratch"), tmpfs: fc.record({ size: fc.constantFrom(1_000_000, 65_536) }) }),
  fc.constantFrom("cache:/var/cache", "cache:/var/cache:ro", "/tmp:/host-tmp:ro"),
);

const port = fc.oneof(
  fc.constantFrom("80", "81-83", "8085:85"),
  fc.record({ target: fc.integer({ min: 1, max: 9000 }), published: fc.integer({ min: 20000, max: 20999 }), mode: fc.constant("host"), protocol: fc.constantFrom("tcp", "udp") }),
);

const deploy = fc.record(
  {
    labels: fc.oneof(fc.dictionary(word, value, { maxKeys: 2 }), fc.array(fc.tuple(word, value).map(([k, v]) => `${k}=${v}`), { maxLength: 2 })),
    resources: fc.record({ limits: fc.record({ cpus: fc.constantFrom("0.5", "1"), memory: fc.constantFrom("64M", "128m") }, { requiredKeys: [] }) }),
    restart_policy: fc.record({ condition: fc.constantFrom("on-failure", "any", "none"), delay: fc.constantFrom("2s", "5s"), max_attempts: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: ["condition"] }),
    update_config: fc.record({ parallelism: fc.integer({ min: 0, max: 3 }), order: fc.constantFrom("start-first", "stop-first"), failure_action: fc.constantFrom("rollback", "pause", "continue") }, { requiredKeys: [] }),
    placement: fc.record({ constraints: fc.constantFrom(["node.role==manager"], ["node.platform.os == linux"]) }),
  },
  { requiredKeys: [] },
);

const service = fc.record(
  {
    command: fc.constantFrom(["sleep", "3600"], "sleep 3600"),
    init: fc.boolean(),
    environment: fc.oneof(fc.dictionary(word.map((w) => w.toUpperCase()), value, { maxKeys: 3 }), fc.array(word.map((w) => `${w.toUpperCase()}=1`), { maxLength: 2 })),
    labels: fc.dictionary(word, value, { maxKeys: 2 }),
    logging,
    healthcheck,
    volumes: fc.uniqueArray(volume, { maxLength: 2, selector: (v) => (typeof v === "string" ? v.split(":")[1] : v.target) }),
    ports: fc.uniqueArray(port, { maxLength: 3, selector: (p) => JSON.stringify(p) }),
    stop_grace_period: fc.constantFrom("1s", "10s"),
    networks: fc.constant(["backend"]),
    deploy,
  },
  { requiredKeys: [] },
);

/** Compose files of one to three services; each document deploys on its own and on an empty swarm. */
export const composeFileArbitrary = fc.uniqueArray(word, { minLength: 1, maxLength: 3 }).chain((names) =>
  fc.tuple(...names.map(() => service)).map((services) => {
    const doc: Record<string, unknown> = { services: {} };
    names.forEach((name, i) => {
      const generated = services[i] ?? {};
      const ports = (generated.ports ?? []) as unknown[];
      // Host-mode ports must differ between services of one stack, and so must the whole set.
      const unique = ports.filter((p, j) => typeof p === "string" || ports.findIndex((q) => typeof q === "object" && (q as { published: number }).published === (p as { published: number }).published) === j);
      (doc.services as Record<string, unknown>)[name] = {
        image: "phoenix-test/busybox:1",
        ...generated,
        // Published ports are swarm-wide: each service gets its own range.
        ...(unique.length > 0 ? { ports: unique.map((p) => (typeof p === "object" ? { ...(p as object), published: (p as { published: number }).published + i * 1000 } : p === "8085:85" ? `${8085 + i}:85` : p)) } : { ports: undefined }),
        deploy: { ...(generated.deploy ?? {}), replicas: 0 },
      };
    });
    if (Object.values(doc.services as Record<string, { networks?: unknown }>).some((s) => s.networks)) doc.networks = { backend: { driver: "overlay" } };
    if (Object.values(doc.services as Record<string, { volumes?: unknown[] }>).some((s) => (s.volumes ?? []).some((v) => typeof v === "string" && v.startsWith("cache:")))) doc.volumes = { cache: {} };
    return stringify(doc, { lineWidth: 0 });
  }),
);
