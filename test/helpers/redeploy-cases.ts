/**
 * The stack files of the "deploy, then redeploy = no write" property: every
 * conformance fixture that must deploy, and our own under
 * test/fixtures/redeploy (forms the conformance suite cannot hold: keys of
 * compose 3.10+, which the 20.10 reference CLI refuses, and forms the test
 * swarms cannot deploy, marked `loadOnly` with the reason in `case.json`).
 * Each case says which CLI versions read it: a file without `version`, or
 * with one past 3.9, only 23.0+ CLIs.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { ComposeCompat } from "../../src/compose/compose-compat.js";
import { listConformanceCases, type ConformanceCase } from "../integration/conformance/conformance-cases.js";

export const REDEPLOY_FIXTURES_DIR = path.resolve(import.meta.dirname, "../fixtures/redeploy");

export interface RedeployCase extends ConformanceCase {
  readonly compats: readonly ComposeCompat[];
  /** Why the case is loaded and converted but never deployed. */
  readonly loadOnly?: string;
}

/** The CLI versions whose loader reads `file`'s `version`. */
export function readCompats(file: string): readonly ComposeCompat[] {
  const version = (parse(readFileSync(file, "utf8")) as { version?: unknown } | null)?.version;
  const minor = typeof version === "string" ? /^3(?:\.(\d+))?$/.exec(version)?.[1] : undefined;
  return version !== undefined && Number(minor ?? 0) <= 9 ? ["20.10", "28.2"] : ["28.2"];
}

function listOwnCases(): RedeployCase[] {
  return readdirSync(REDEPLOY_FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(REDEPLOY_FIXTURES_DIR, entry.name, "docker-compose.yml")))
    .map((entry) => entry.name)
    .sort()
    .map((name, i) => {
      const dir = path.join(REDEPLOY_FIXTURES_DIR, name);
      const composeFile = path.join(dir, "docker-compose.yml");
      const metaPath = path.join(dir, "case.json");
      const meta = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, "utf8")) as { loadOnly?: string }) : {};
      return {
        name: `own/${name}`,
        index: 900 + i,
        dir,
        composeFile,
        env: {},
        sequential: true,
        compats: readCompats(composeFile),
        ...(meta.loadOnly === undefined ? {} : { loadOnly: meta.loadOnly }),
      };
    });
}

/** Every case that must load without error: the conformance fixtures that deploy, then our own. */
export function listRedeployCases(): RedeployCase[] {
  const conformance = listConformanceCases()
    .filter((c) => c.error === undefined)
    .map((c) => ({ ...c, compats: readCompats(c.composeFile) }));
  return [...conformance, ...listOwnCases()];
}
