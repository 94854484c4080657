import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One directory of test/fixtures/hostile: an attack on Phoenix and what must hold (see README.md there). */
export interface HostileCase {
  readonly name: string;
  readonly dir: string;
  readonly why: string;
  /** The phoenix CLI's argv, with `{repo}`, `{out}` and `{marker}` placeholders. */
  readonly run: readonly string[];
  readonly exitCode: number;
  /** Substrings each stream must contain. */
  readonly stderr: readonly string[];
  readonly stdout: readonly string[];
  /** Strings neither stream may contain. */
  readonly absent: readonly string[];
  /** Paths (placeholders allowed) that must not exist after the run. */
  readonly noFile: readonly string[];
  readonly generate: readonly GeneratedFile[];
  /** Present when the case has a `base/` tree: the repo is a git repo, `base/` on main and the case's tree on branch `head`. */
  readonly hasBase: boolean;
}

export type GeneratedFile =
  | { readonly path: string; readonly kind: "nested-json"; readonly depth: number }
  | { readonly path: string; readonly kind: "alias-bomb"; readonly levels: number; readonly width: number }
  | { readonly path: string; readonly kind: "big-file"; readonly bytes: number; readonly line?: string }
  | { readonly path: string; readonly kind: "symlink"; readonly target: string };

export const HOSTILE_CORPUS = path.resolve(import.meta.dirname, "../../fixtures/hostile");

/** Every case of the corpus, sorted by name; a malformed case.json fails loudly here. */
export function readHostileCases(): HostileCase[] {
  return readdirSync(HOSTILE_CORPUS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => readHostileCase(name));
}

function readHostileCase(name: string): HostileCase {
  const dir = path.join(HOSTILE_CORPUS, name);
  const raw = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as Record<string, unknown>;
  const strings = (key: string): string[] => {
    const value = raw[key] ?? [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${name}/case.json: ${key} must be a list of strings`);
    return value;
  };
  if (typeof raw.why !== "string" || raw.why === "") throw new Error(`${name}/case.json: why is required`);
  if (typeof raw.exitCode !== "number") throw new Error(`${name}/case.json: exitCode is required`);
  const run = strings("run");
  if (run.length === 0) throw new Error(`${name}/case.json: run is required`);
  return {
    name,
    dir,
    why: raw.why,
    run,
    exitCode: raw.exitCode,
    stderr: strings("stderr"),
    stdout: strings("stdout"),
    absent: strings("absent"),
    noFile: strings("noFile"),
    generate: (raw.generate ?? []) as GeneratedFile[],
    hasBase: existsSync(path.join(dir, "base")),
  };
}
