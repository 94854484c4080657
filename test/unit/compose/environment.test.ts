import { describe, expect, it } from "vitest";
import type { ComposeCompat } from "../../../src/compose/compose-compat.js";
import { parseEnvFile } from "../../../src/compose/loader/parse-env-file.js";
import { loadTexts, onlyError, serviceOf, serviceYaml } from "./load-helper.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const host: Record<string, string> = { BARE: "from-host", EMPTY_HOST: "" };
const lookup = (name: string) => (Object.hasOwn(host, name) ? host[name] : undefined);
const parse = (text: string | Uint8Array, compat: ComposeCompat = "28.2") =>
  parseEnvFile(typeof text === "string" ? bytes(text) : text, "/w/app.env", lookup, compat);

describe("env files, docker-run style (docs/stack-deploy.md §2.9)", () => {
  it("keeps quotes, inner and trailing spaces; trims the left; skips comments and blank lines", () => {
    const text = '  A=1\n# comment\n\n\tB="q v"\nC=\'s\'\nD= trailing  \nE=a=b\n  # indented comment\n';
    expect(parse(text)).toEqual({ ok: true, value: ["A=1", 'B="q v"', "C='s'", "D= trailing  ", "E=a=b"] });
  });

  it("looks bare keys up in the CLI environment and drops unset ones", () => {
    expect(parse("BARE\nEMPTY_HOST\nUNSET\n")).toEqual({ ok: true, value: ["BARE=from-host", "EMPTY_HOST="] });
  });

  it("strips a UTF-8 BOM on the first line only", () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("A=1\n")]);
    expect(parse(withBom)).toEqual({ ok: true, value: ["A=1"] });
    const second = new Uint8Array([...bytes("A=1\n"), 0xef, 0xbb, 0xbf, ...bytes("B=2\n")]);
    expect(parse(second)).toEqual({ ok: true, value: ["A=1", "\ufeffB=2"] });
  });

  it("drops the CR of CRLF lines and reads a last line without newline", () => {
    expect(parse("A=1\r\nB=2")).toEqual({ ok: true, value: ["A=1", "B=2"] });
  });

  it.each([
    ["A B=1\n", "invalid env file (/w/app.env): variable 'A B' contains whitespaces", "poorly formatted environment: variable 'A B' contains whitespaces"],
    ["=1\n", "invalid env file (/w/app.env): no variable name on line '=1'", "poorly formatted environment: no variable name on line '=1'"],
    ["KEY \n", "invalid env file (/w/app.env): variable 'KEY ' contains whitespaces", "poorly formatted environment: variable 'KEY ' contains whitespaces"],
  ])("rejects %j", (text, message282, message2010) => {
    expect(parse(text)).toEqual({ ok: false, error: message282 });
    expect(parse(text, "20.10")).toEqual({ ok: false, error: message2010 });
  });

  it("rejects invalid UTF-8 with the line and bytes", () => {
    const invalid = new Uint8Array([...bytes("A=1\nB="), 0xff, 0x0a]);
    expect(parse(invalid)).toEqual({ ok: false, error: "invalid env file (/w/app.env): invalid utf8 bytes at line 2: [66 61 255]" });
    expect(parse(invalid, "20.10")).toEqual({ ok: false, error: "env file /w/app.env contains invalid utf8 bytes at line 2: [66 61 255]" });
  });
});

describe("environment resolution through the loader", () => {
  it("merges env files in order, then environment, with host fill-in of empty values", async () => {
    const disk = { "/srv/app/one.env": "A=file1\nB=file1\nEMPTY=\nQUOTED=\"x\"\n", "/srv/app/sub/two.env": "B=file2\nC=file2\n" };
    const text = serviceYaml("env_file: [one.env, ./sub/two.env]\nenvironment:\n  C: env\n  D: ''\n  E:\n  F: 1.50\n  G: 1e6\n  H: 0x10");
    const service = serviceOf(await loadTexts(text, { disk, env: { EMPTY: "host-empty", D: "host-d", E: "host-e" } }));
    expect(service.environment).toEqual({
      A: "file1",
      B: "file2",
      EMPTY: "host-empty",
      QUOTED: '"x"',
      C: "env",
      D: "host-d",
      E: "host-e",
      F: "1.5",
      G: "1e+06",
      H: "16",
    });
    expect(service.envFile).toEqual(["one.env", "./sub/two.env"]);
  });

  it("§8 #9: an empty value is replaced from the deploying shell; a null without host value stays null", async () => {
    const service = serviceOf(await loadTexts(serviceYaml("environment:\n  - FOO=\n  - NOVALUE\n  - KEPT=own"), { env: { FOO: "shell", KEPT: "shell" } }));
    expect(service.environment).toEqual({ FOO: "shell", NOVALUE: null, KEPT: "own" });
  });

  it("reads env files relative to the first file's directory", async () => {
    const result = await loadTexts(serviceYaml("env_file: e.env"), { workingDir: "/repo/stacks/app", disk: { "/repo/stacks/app/e.env": "X=1\n" } });
    expect(serviceOf(result).environment).toEqual({ X: "1" });
  });

  it("fails the load for a missing env file, positioned at its entry", async () => {
    const error = onlyError(await loadTexts(serviceYaml("env_file:\n  - missing.env")));
    expect(error).toMatchObject({ code: "COMPOSE_ENV_FILE", message: "open /srv/app/missing.env: no such file or directory", path: "services.a.env_file.0", line: 6, column: 9 });
  });

  it("reports an invalid env file with the kvfile message", async () => {
    const error = onlyError(await loadTexts(serviceYaml("env_file: bad.env"), { disk: { "/srv/app/bad.env": "A B=1\n" } }));
    expect(error.message).toBe("invalid env file (/srv/app/bad.env): variable 'A B' contains whitespaces");
  });

  it("§8 #12: booleans in environment and labels maps are schema errors; numbers are stringified", async () => {
    expect(onlyError(await loadTexts(serviceYaml("labels:\n  a: true"))).message).toBe("services.a.labels.a must be a string, number or null");
    expect(serviceOf(await loadTexts(serviceYaml("labels:\n  a: 1.50\n  b:\n  c: 07"))).labels).toEqual({ a: "1.5", b: "", c: "7" });
  });
});
