/**
 * A fast-check generator of valid stack files over the compose schema, for
 * the "deploy, then redeploy = no write" property. A file is either compose
 * 3.9 (read by the 20.10 and 28.2 CLIs) or has no `version` (the Compose
 * spec as 23.0+ CLIs read it, with the 3.10-3.13 keys: start_interval,
 * oom_score_adj, an attachment's driver_opts). It reaches every service key
 * that becomes part of a service spec, in each of its forms (short and long
 * ports, volumes, secrets and configs; mapping and list forms with string,
 * number and null values; logging with and without a driver; every deploy
 * key), plus the top-level networks, volumes, secrets and configs that
 * services use. Generated files only use local images and files the
 * generator returns, and run no task (`replicas: 0`, or global services
 * constrained to no node): the property is about write calls, not tasks.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import type { ComposeCompat } from "../../src/compose/compose-compat.js";

export interface GeneratedStackFile {
  readonly text: string;
  /** Files next to the compose file (secret and config sources). */
  readonly files: Readonly<Record<string, string>>;
  readonly compats: readonly ComposeCompat[];
}

/** Names YAML 1.1 (the CLI's parser) reads as booleans or null are left out: they are not string keys there. */
const YAML11_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/).filter((w) => !YAML11_WORDS.has(w));
const text = fc.stringMatching(/^[A-Za-z0-9 ._-]{0,12}$/);
const scalar = fc.oneof(text, fc.integer({ min: 0, max: 999 }), fc.constant(null));
const duration = fc.constantFrom("1s", "500ms", "1m30s", "2h", "0s");
const envName = word.map((w) => w.toUpperCase()).filter((w) => !YAML11_WORDS.has(w.toLowerCase()));

const mapOrList = (key: fc.Arbitrary<string>, value: fc.Arbitrary<string | number | null>) =>
  fc.oneof(
    fc.dictionary(key, value, { maxKeys: 3 }),
    fc.uniqueArray(fc.tuple(key, value), { maxLength: 3, selector: ([k]) => k }).map((pairs) => pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`))),
  );

const logging = fc.oneof(
  fc.record({ options: fc.dictionary(fc.constantFrom("max-size", "max-file", "tag"), fc.oneof(fc.constantFrom("1m", "3"), fc.integer({ min: 1, max: 9 }), fc.constant(null)), { minKeys: 1 }) }),
  fc.record({ driver: fc.constantFrom("json-file", "local", "none"), options: fc.constant({ "max-size": "2m" }) }, { requiredKeys: ["driver"] }),
);

const healthcheck = (newer: boolean) =>
  fc.oneof(
    fc.constant({ disable: true }),
    fc.record(
      {
        test: fc.constantFrom(["CMD", "true"], "true", ["CMD-SHELL", "exit 0"], ["NONE"]),
        interval: duration,
        timeout: fc.constantFrom("3s", "10s"),
        retries: fc.integer({ min: 0, max: 5 }),
        start_period: duration,
        ...(newer ? { start_interval: fc.constantFrom("1s", "500ms") } : {}),
      },
      { requiredKeys: ["test"] },
    ),
  );

const volume = fc.oneof(
  fc.constantFrom("cache:/var/cache", "cache:/var/cache:ro", "cache:/var/cache:nocopy", "/tmp:/host-tmp:ro", "/tmp:/host-tmp:rslave", "/anonymous"),
  fc.record(
    { type: fc.constant("bind"), source: fc.constant("/tmp"), target: fc.constant("/bound"), read_only: fc.boolean(), consistency: fc.constantFrom("cached", "delegated", "consistent"), bind: fc.record({ propagation: fc.constantFrom("rprivate", "rslave", "shared") }) },
    { requiredKeys: ["type", "source", "target"] },
  ),
  fc.record({ type: fc.constant("volume"), source: fc.constant("cache"), target: fc.constant("/long"), read_only: fc.boolean(), volume: fc.record({ nocopy: fc.boolean() }) }, { requiredKeys: ["type", "source", "target"] }),
  fc.record({ type: fc.constant("tmpfs"), target: fc.constant("/scratch"), tmpfs: fc.record({ size: fc.constantFrom(1_000_000, 65_536) }) }, { requiredKeys: ["type", "target"] }),
);

/** Published ports get a service's own range later (`{p}` is replaced); unpublished ones need none. */
const port = fc.oneof(
  fc.constantFrom("80", "81-83", "{p}0:85", "{p}1-{p}2:86-87/udp", "127.0.0.1:{p}3:88", 89),
  fc.record({ target: fc.integer({ min: 1, max: 9000 }), published: fc.constantFrom("{p}4", "{p}5"), mode: fc.constantFrom("host", "ingress"), protocol: fc.constantFrom("tcp", "udp") }, { requiredKeys: ["target"] }),
);

/** A secret (`s`) or config (`c`) reference, short or long; a long one's target is its own (relative for secrets only). */
const fileReference = (kind: "s" | "c") =>
  fc.constantFrom(`${kind}1`, `${kind}2`).chain((source) =>
    fc.oneof(
      fc.constant<string | Record<string, unknown>>(source),
      fc.record(
        { target: fc.constantFrom(`/run/${source}-long`, kind === "s" ? `${source}-relative` : `/${source}-root`), uid: fc.constantFrom("0", "1000"), gid: fc.constantFrom("0", "33"), mode: fc.constantFrom(0o400, 0o444) },
        { requiredKeys: [] },
      ).map((long) => ({ source, ...long })),
    ),
  );

const updateConfig = fc.record(
  { parallelism: fc.integer({ min: 0, max: 3 }), delay: duration, failure_action: fc.constantFrom("rollback", "pause", "continue"), monitor: duration, max_failure_ratio: fc.constantFrom(0, 0.25), order: fc.constantFrom("start-first", "stop-first") },
  { requiredKeys: [] },
);

const deploy = fc.record(
  {
    mode: fc.constantFrom("replicated", "global"),
    endpoint_mode: fc.constantFrom("vip", "dnsrr"),
    labels: mapOrList(word, scalar),
    resources: fc.record(
      {
        limits: fc.record({ cpus: fc.constantFrom("0.5", "1", "2.25"), memory: fc.constantFrom("64M", "128m", "1g"), pids: fc.integer({ min: 1, max: 500 }) }, { requiredKeys: [] }),
        reservations: fc.record({ cpus: fc.constantFrom("0.01", "0.5"), memory: fc.constantFrom("4M", "16m"), generic_resources: fc.constant([{ discrete_resource_spec: { kind: "gpu", value: 1 } }]) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    restart_policy: fc.record({ condition: fc.constantFrom("on-failure", "any", "none"), delay: duration, max_attempts: fc.integer({ min: 0, max: 5 }), window: duration }, { requiredKeys: [] }),
    update_config: updateConfig,
    rollback_config: updateConfig,
    placement: fc.record(
      { constraints: fc.constantFrom(["node.role==manager"], ["node.platform.os == linux", "node.labels.zone != z9"]), preferences: fc.constant([{ spread: "node.labels.zone" }]), max_replicas_per_node: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const service = (newer: boolean) =>
  fc.record(
    {
      command: fc.constantFrom(["sleep", "3600"], "sleep 3600"),
      entrypoint: fc.constantFrom(["/bin/sh", "-c"], "/bin/sh -c"),
      init: fc.boolean(),
      tty: fc.boolean(),
      stdin_open: fc.boolean(),
      read_only: fc.boolean(),
      hostname: fc.constantFrom("box", "{{.Task.Slot}}-box"),
      user: fc.constantFrom("1000", "1000:1000"),
      working_dir: fc.constant("/tmp"),
      stop_signal: fc.constantFrom("SIGTERM", "SIGINT"),
      stop_grace_period: duration,
      isolation: fc.constant("default"),
      environment: mapOrList(envName, scalar),
      labels: mapOrList(word, scalar),
      dns: fc.oneof(fc.constant("9.9.9.9"), fc.constant(["9.9.9.9", "1.1.1.1"])),
      dns_search: fc.oneof(fc.constant("example.test"), fc.constant(["a.example.test", "b.example.test"])),
      extra_hosts: fc.oneof(fc.constant({ ahost: "10.0.0.1", bhost: "10.0.0.2" }), fc.constant({ numhost: 10, nullhost: null }), fc.constant(["ahost:10.0.0.1", "v6host:::1"])),
      cap_add: fc.uniqueArray(fc.constantFrom("NET_ADMIN", "SYS_TIME", "net_raw"), { maxLength: 2 }),
      cap_drop: fc.uniqueArray(fc.constantFrom("MKNOD", "chown"), { maxLength: 2 }),
      sysctls: mapOrList(fc.constantFrom("net.core.somaxconn", "net.ipv4.tcp_syncookies"), fc.oneof(fc.constantFrom("1", "512"), fc.integer({ min: 0, max: 1 }), fc.constant(null))),
      ulimits: fc.record({ nofile: fc.oneof(fc.integer({ min: 1024, max: 65535 }), fc.constant({ soft: 1024, hard: 2048 })), nproc: fc.constant(512) }, { requiredKeys: [] }),
      logging,
      healthcheck: healthcheck(newer),
      volumes: fc.uniqueArray(volume, { maxLength: 3, selector: (v) => (typeof v === "string" ? (v.split(":")[1] ?? v) : v.target) }),
      ports: fc.uniqueArray(port, { maxLength: 3, selector: (p) => (typeof p === "object" ? String(p.published ?? p.target) : String(p)) }),
      secrets: fc.uniqueArray(fileReference("s"), { maxLength: 2, selector: (r) => (typeof r === "string" ? r : String(r.source)) }),
      configs: fc.uniqueArray(fileReference("c"), { maxLength: 2, selector: (r) => (typeof r === "string" ? r : String(r.source)) }),
      networks: fc.oneof(
        fc.constant(["backend"]),
        fc.record({ backend: fc.oneof(fc.constant(null), fc.record({ aliases: fc.constant(["alias1"]), ...(newer ? { driver_opts: fc.constant({ "com.example.opt": "1", "com.example.number": 2 }) } : {}) }, { requiredKeys: [] })) }),
      ),
      restart: fc.constantFrom("no", "always", "on-failure:3", "unless-stopped"),
      ...(newer ? { oom_score_adj: fc.integer({ min: -500, max: 500 }) } : {}),
      "x-note": text,
      deploy,
    },
    { requiredKeys: [] },
  );

type Generated = Record<string, unknown> & { deploy?: Record<string, unknown>; ports?: unknown[]; secrets?: unknown[]; configs?: unknown[]; volumes?: unknown[]; networks?: unknown };

/** Makes one generated service deployable next to the others: its own published ports, no task. */
function settleService(generated: Generated, index: number): Generated {
  // `{p}` is a four-digit prefix: ports 22700-22709 for the first service, 22800-22809 for the second, ...
  const range = String(2270 + index * 10);
  const ports = (generated.ports ?? []).map((p) =>
    typeof p === "string" ? p.replaceAll("{p}", range) : typeof p === "object" && p !== null && "published" in p ? { ...p, published: Number(String((p as { published: string }).published).replace("{p}", range)) } : p,
  );
  const deployed = { ...(generated.deploy ?? {}) };
  if (deployed.mode === "global") {
    // A global service constrained to no node runs no task; a per-node maximum is for replicated services only.
    const placement = { ...((deployed.placement as Record<string, unknown> | undefined) ?? {}) };
    delete placement.max_replicas_per_node;
    deployed.placement = { ...placement, constraints: ["node.labels.org.phoenix.test.never==1"] };
  } else deployed.replicas = 0;
  // The DNS round-robin mode cannot have ingress ports.
  if (ports.some((p) => typeof p !== "object" || p === null || (p as { mode?: string }).mode !== "host")) delete deployed.endpoint_mode;
  return { ...generated, image: "phoenix-test/busybox:1", ...(ports.length > 0 ? { ports } : { ports: undefined }), deploy: deployed };
}

function topLevel(services: readonly Generated[]): Record<string, unknown> {
  const uses = (key: "secrets" | "configs", name: string) => services.some((s) => (s[key] ?? []).some((r) => r === name || (r as { source?: string }).source === name));
  const doc: Record<string, unknown> = {};
  if (services.some((s) => s.networks !== undefined)) doc.networks = { backend: { driver: "overlay", attachable: true, labels: { "com.example.n": "net" }, driver_opts: { "com.docker.network.driver.mtu": 1400 } } };
  if (services.some((s) => (s.volumes ?? []).some((v) => (typeof v === "string" && v.startsWith("cache:")) || (v as { source?: string }).source === "cache"))) doc.volumes = { cache: { labels: ["com.example.v=vol"] } };
  const secrets = Object.fromEntries(["s1", "s2"].filter((n) => uses("secrets", n)).map((n) => [n, { file: `./${n}.txt`, labels: { "com.example.s": n } }]));
  const configs = Object.fromEntries(["c1", "c2"].filter((n) => uses("configs", n)).map((n) => [n, n === "c2" ? { file: `./${n}.txt`, template_driver: "golang" } : { file: `./${n}.txt` }]));
  if (Object.keys(secrets).length > 0) doc.secrets = secrets;
  if (Object.keys(configs).length > 0) doc.configs = configs;
  return doc;
}

const SOURCE_FILES = { "s1.txt": "secret one\n", "s2.txt": "secret two\n", "c1.txt": "config one\n", "c2.txt": "config {{ .Service.Name }}\n" };

const stackFile = (newer: boolean) =>
  fc.uniqueArray(word, { minLength: 1, maxLength: 3 }).chain((names) =>
    fc.tuple(...names.map(() => service(newer))).map((generated): GeneratedStackFile => {
      const settled = generated.map((s, i) => settleService(s as Generated, i));
      const doc = {
        ...(newer ? {} : { version: "3.9" }),
        "x-generated": { by: "fast-check" },
        services: Object.fromEntries(names.map((name, i) => [name, settled[i]])),
        ...topLevel(settled),
      };
      return { text: stringify(doc, { lineWidth: 0, version: "1.1" }), files: SOURCE_FILES, compats: newer ? ["28.2"] : ["20.10", "28.2"] };
    }),
  );

/** A compose 3.9 file or a Compose-spec file without `version`, half each. */
export const stackFileArbitrary: fc.Arbitrary<GeneratedStackFile> = fc.oneof(stackFile(false), stackFile(true));
