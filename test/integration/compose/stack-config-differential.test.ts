import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { REFERENCE_CLIS, runDeployLoad, runStackConfig, unavailableReason, type CaseSpec, type ReferenceCli } from "./docker-cli-loader.js";
import { toStackConfigShape } from "./stack-config-shape.js";

/**
 * Differential test of loadCompose against the real CLIs' loaders. For each
 * case both run on the same files, environment and working directory:
 * - `stack deploy` (unreachable daemon): the same load error, or the same
 *   ignored-option and logrus warnings;
 * - 28.2 `stack config`: the same merged, interpolated config.
 */

const FIXTURES = resolve(import.meta.dirname, "../../fixtures/compose");
const CASE_DIRS = join(FIXTURES, "differential");

interface InlineCase {
  readonly name: string;
  readonly env?: Readonly<Record<string, string>>;
  /** File name → content; `.yml` files are passed with `-c` in this order. */
  readonly files: Readonly<Record<string, string>>;
  /** A documented deviation: the CLI loads the files, Phoenix reports this error code. */
  readonly phoenixError?: string;
}

const CLI_WARNING_CODES = new Set(["COMPOSE_IGNORED_HOST_IP", "COMPOSE_DEPRECATED_EXTERNAL_NAME", "COMPOSE_HOME_UNSET"]);

async function runPhoenix(cli: ReferenceCli, dir: string, spec: CaseSpec) {
  const files = spec.files.map((file) => ({ path: file, text: readFileSync(join(dir, file), "utf8") }));
  const env = { HOME: "/home/phoenix-test", ...spec.env };
  const readFile = async (path: string) => (existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined);
  return loadCompose(files, { env, workingDir: dirname(resolve(dir, spec.files[0] ?? "")), readFile, compat: cli.compat });
}

/**
 * The CLI's error, word for word, except where Phoenix deliberately differs:
 * a cast error never quotes a value that came from a variable (docker's
 * `parsing "<value>"`, `invalid boolean: <value>`), it names the template
 * instead (docs/security.md, "Secrets").
 */
function expectCliError(error: string): unknown {
  const cast = /^(.*failed to cast to expected type: )(.*)$/s.exec(error);
  if (cast === null) return error;
  const hidden = String.raw`the value of ".*" \(not shown\)`;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const detail = (cast[2] ?? "")
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 === 1 ? `(?:${escape(part)}|${hidden})` : escape(part)))
    .join("")
    .replace(/^invalid boolean: (.*)$/, (_, value: string) => `invalid boolean: (?:${value}|${hidden})`);
  return expect.stringMatching(new RegExp(`^${escape(cast[1] ?? "")}${detail}$`, "s"));
}

async function expectSameResult(cli: ReferenceCli, dir: string, spec: CaseSpec): Promise<void> {
  const deploy = runDeployLoad(cli, dir, spec);
  const ours = await runPhoenix(cli, dir, spec);
  const errors = ours.diagnostics.filter((d) => d.severity === "error").map((d) => d.message.trimEnd());
  if (deploy.error !== undefined) {
    expect(errors, `CLI failed with:\n${deploy.error}`).toContainEqual(expectCliError(deploy.error));
    expect(ours.project).toBeUndefined();
    return;
  }
  expect(errors).toEqual([]);
  expect(ours.project).toBeDefined();
  const messages = (code: string, prefix: string) => ours.diagnostics.filter((d) => d.code === code).map((d) => d.message.replace(prefix, ""));
  expect(messages("COMPOSE_UNSUPPORTED_OPTION", "Ignoring unsupported options: ")).toEqual(deploy.unsupported);
  expect(messages("COMPOSE_DEPRECATED_OPTION", "Ignoring deprecated options:\n\n")).toEqual(deploy.deprecated);
  const warnings = ours.diagnostics.filter((d) => CLI_WARNING_CODES.has(d.code)).map((d) => d.message);
  expect(warnings.sort()).toEqual([...deploy.warnings].sort());

  if (!cli.hasStackConfig || !ours.project) return;
  const config = runStackConfig(cli, dir, spec);
  expect(config.ok, config.text).toBe(true);
  expect(toStackConfigShape(ours.project)).toEqual(parse(config.stdout));
}

/** Phoenix reports an error the CLI only hits later (after creating networks): the CLI's loader accepts the files. */
async function expectDeviation(cli: ReferenceCli, dir: string, spec: CaseSpec, code: string): Promise<void> {
  expect(runDeployLoad(cli, dir, spec).error).toBeUndefined();
  const ours = await runPhoenix(cli, dir, spec);
  expect(ours.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([code]);
}

function caseDirectories(): string[] {
  if (!existsSync(CASE_DIRS)) return [];
  return readdirSync(CASE_DIRS).filter((name) => existsSync(join(CASE_DIRS, name, "case.json")));
}

for (const cli of REFERENCE_CLIS) {
  const reason = unavailableReason(cli);
  describe.skipIf(reason !== undefined)(`compose loader vs docker ${cli.compat}${reason ? ` (skipped: ${reason})` : ""}`, () => {
    for (const name of caseDirectories()) {
      it(`fixture ${name}`, async () => {
        const dir = join(CASE_DIRS, name);
        await expectSameResult(cli, dir, JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as CaseSpec);
      });
    }

    const inline = parse(readFileSync(join(FIXTURES, "differential-cases.yml"), "utf8")) as InlineCase[];
    const root = mkdtempSync(join(tmpdir(), `phoenix-compose-${cli.compat}-`));
    for (const [index, testCase] of inline.entries()) {
      it(`case ${testCase.name}`, async () => {
        const dir = join(root, String(index));
        for (const [file, text] of Object.entries(testCase.files)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), text);
        }
        const files = Object.keys(testCase.files).filter((file) => /\.ya?ml$/.test(file));
        const spec = { files, ...(testCase.env ? { env: testCase.env } : {}) };
        if (testCase.phoenixError) await expectDeviation(cli, dir, spec, testCase.phoenixError);
        else await expectSameResult(cli, dir, spec);
      });
    }
  });
}
