/**
 * Every limit on what Phoenix reads from a config repo, in one place. A pull
 * request is untrusted input: each limit keeps one load of a hostile repo to
 * seconds of CPU and a few hundred MB, and each is far above what a real
 * config repo needs (the bundled example is 33 KB in 14 files, its largest
 * compose file 2 KB; large public compose files such as mailcow's are ~30 KB).
 * CPU costs quoted below were measured on the bundled example blown up to the
 * limit (Node 20, one core).
 */

const KIB = 1024;
const MIB = 1024 * KIB;

/** How large one file of a kind may be; `kind` completes "more than the … limit for …". */
export interface SizeLimit {
  readonly maxBytes: number;
  readonly kind: string;
  /** Parsed as YAML or JSON: counts against `MAX_PARSED_BYTES_PER_LOAD` as well. */
  readonly parsed: boolean;
}

/**
 * A compose file: four times the largest public ones. docker has no limit,
 * but Phoenix reads a file with positions in one synchronous step of about
 * 3 µs a byte (cold), during which the app answers nothing: 128 KiB keeps
 * that step under half a second.
 */
export const COMPOSE_FILE_LIMIT: SizeLimit = { maxBytes: 128 * KIB, kind: "compose files", parsed: true };

/** An `etc/*.json` file or a `phoenix.json`: 1 MiB holds about 500 LXC guests, read and validated in ~400 ms. */
export const JSON_CONFIG_FILE_LIMIT: SizeLimit = { maxBytes: 1 * MIB, kind: "JSON config files", parsed: true };

/** `.github/phoenix.yml`: a few dozen lines in practice. */
export const SETTINGS_FILE_LIMIT: SizeLimit = { maxBytes: 64 * KIB, kind: "the settings file", parsed: true };

/**
 * A file shipped as a Swarm config (`files` of a stack environment): SwarmKit's
 * own `MaxConfigSize` (manager/controlapi/config.go), so a file the daemon
 * would refuse mid-deploy is refused at load with its position instead.
 */
export const SWARM_CONFIG_FILE_LIMIT: SizeLimit = { maxBytes: 1000 * KIB, kind: "files shipped as Swarm configs", parsed: false };

/** Any other file read from the repo (env files, compose `configs`/`secrets` files): the Swarm config limit. */
export const REPO_FILE_LIMIT: SizeLimit = { maxBytes: 1000 * KIB, kind: "files read from the config repo", parsed: false };

/** Distinct files one load reads (a stack is 2-3 files: 5000 is well over a thousand stacks). */
export const MAX_FILES_PER_LOAD = 5000;

/** Bytes of distinct files one load reads: the contents stay in memory until the plan is done. */
export const MAX_BYTES_PER_LOAD = 64 * MIB;

/** Bytes of YAML and JSON one load parses: at ~1 MB/s of YAML, seconds of CPU at most. */
export const MAX_PARSED_BYTES_PER_LOAD = 4 * MIB;

/** Entries of one directory listing (`stacks/` holds one per stack). */
export const MAX_DIR_ENTRIES = 10_000;

/**
 * How deeply JSON arrays/objects and YAML collections may nest, aliases
 * expanded. Real config files nest less than 10 deep; every walk over a
 * parsed value (schemas, interpolation, unknown keys) recurses, and the YAML
 * composer overflows the stack below 1000 levels. docker's YAML parser stops
 * at 10000.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * go-yaml's "excessive aliasing" rule, which docker's compose loader applies:
 * up to `ALIAS_RATIO_RANGE_LOW` decoded values, 99% may come from alias
 * expansion; from `ALIAS_RATIO_RANGE_HIGH` on, 10%; linear in between.
 */
export const ALIAS_RATIO_RANGE_LOW = 400_000;
export const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

/**
 * Values a compose file may decode to, aliases expanded. go-yaml's ratio
 * still lets a 30 KB file expand to 400,000 values, which cost Phoenix
 * ~4 µs each to read with positions (one synchronous step) and ~1 µs more
 * per environment: Phoenix stops at 100,000 (under half a second), five
 * times a 500-service file. docker would accept more; no real file comes near.
 */
export const MAX_COMPOSE_YAML_VALUES = 100_000;

/**
 * Compose values one load processes, aliases expanded, counting a file once
 * per environment it is loaded in (~1-3 µs of CPU each). A 300-stack repo of
 * typical files (150 values, 3 environments) needs 135,000.
 */
export const MAX_COMPOSE_VALUES_PER_LOAD = 1_000_000;

/** Values `.github/phoenix.yml` may decode to, aliases expanded (a real one has under 100). */
export const MAX_SETTINGS_YAML_VALUES = 10_000;

/** `3.1 MiB`, `256 KiB`, `812 bytes`: sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes < KIB) return `${bytes} bytes`;
  const [value, unit] = bytes < MIB ? [bytes / KIB, "KiB"] : bytes < 1024 * MIB ? [bytes / MIB, "MiB"] : [bytes / (1024 * MIB), "GiB"];
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${unit}`;
}
