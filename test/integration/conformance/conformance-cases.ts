/**
 * The fixture cases of the differential conformance suite: one folder per
 * case under test/fixtures/conformance, with a `docker-compose.yml` and an
 * optional `case.json` (interpolation variables, the error both tools must
 * report, the variable that gets a per-side value so that explicit names do
 * not collide).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/conformance");

export interface ConformanceCase {
  readonly name: string;
  readonly index: number;
  readonly dir: string;
  readonly composeFile: string;
  readonly env: Readonly<Record<string, string>>;
  /** Text both tools' error output must contain; absent for cases that must deploy. */
  readonly error?: string;
  /** A variable set to `a` for the CLI and `b` for Phoenix (explicit object names). */
  readonly sideEnv?: string;
  /**
   * Published ingress ports and fixed subnets cannot exist twice: the CLI's
   * stack is snapshotted and removed before Phoenix deploys.
   */
  readonly sequential: boolean;
}

interface CaseFile {
  readonly env?: Record<string, string>;
  readonly error?: string;
  readonly side_env?: string;
  readonly sequential?: boolean;
}

export function listConformanceCases(): ConformanceCase[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(FIXTURES_DIR, entry.name, "docker-compose.yml")))
    .map((entry) => entry.name)
    .sort()
    .map((name, index) => {
      const dir = path.join(FIXTURES_DIR, name);
      const metaPath = path.join(dir, "case.json");
      const meta: CaseFile = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, "utf8")) as CaseFile) : {};
      return {
        name,
        index,
        dir,
        composeFile: path.join(dir, "docker-compose.yml"),
        env: meta.env ?? {},
        sequential: meta.sequential ?? false,
        ...(meta.error === undefined ? {} : { error: meta.error }),
        ...(meta.side_env === undefined ? {} : { sideEnv: meta.side_env }),
      };
    });
}

/** External objects the fixtures reference, created once before the suite. */
export const EXTERNAL_OBJECTS = {
  network: "cf-ext-net",
  secret: "cf-ext-secret",
  config: "cf-ext-config",
} as const;
