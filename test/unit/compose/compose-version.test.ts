import { describe, expect, it } from "vitest";
import type { ComposeCompat } from "../../../src/compose/compose-compat.js";
import { isVersionAtLeast, readComposeVersion, schemaMinorOf } from "../../../src/compose/compose-version.js";
import { parseComposeYaml } from "../../../src/compose/yaml/parse-compose-yaml.js";
import { errorsOf, loadTexts, onlyError, projectOf } from "./load-helper.js";

const service = "services:\n  a:\n    image: busybox\n";

function versionOf(text: string, compat: ComposeCompat): string {
  const root = parseComposeYaml(text, compat).root;
  if (!root) throw new Error("no root");
  return readComposeVersion(root, compat);
}

describe("the version key (docs/stack-deploy.md §2.2)", () => {
  it.each([
    ["", "1.0", "3.13"],
    ['version: ""\n', "", "3.13"],
    ['version: "3"\n', "3.0", "3.13"],
    ['version: "3.8"\n', "3.8", "3.8"],
    ["version: 3.8\n", "3.8", "3.8"],
    ["version: 3.10\n", "3.1", "3.1"],
    ["version: 3.0\n", "3.0", "3.13"],
    ["version:\n", "<nil>", "<nil>"],
  ])("%j reads as %s in 20.10 and %s in 28.2", (line, in2010, in282) => {
    expect(versionOf(`${line}${service}`, "20.10")).toBe(in2010);
    expect(versionOf(`${line}${service}`, "28.2")).toBe(in282);
  });

  it("knows which versions have a schema", () => {
    expect(schemaMinorOf("3.13", "28.2")).toBe(13);
    expect(schemaMinorOf("3.10", "20.10")).toBeUndefined();
    expect(schemaMinorOf("3.9", "20.10")).toBe(9);
    expect(schemaMinorOf("3.08", "28.2")).toBeUndefined();
    expect(schemaMinorOf("2.4", "28.2")).toBeUndefined();
  });

  it("compares dotted versions numerically", () => {
    expect(isVersionAtLeast("3.13", "3.5")).toBe(true);
    expect(isVersionAtLeast("3.4", "3.5")).toBe(false);
    expect(isVersionAtLeast("3.5", "3.5")).toBe(true);
  });

  it("missing version: latest in 28.2, 1.0 (unsupported) in 20.10", async () => {
    expect(projectOf(await loadTexts(service)).version).toBe("3.13");
    const error = onlyError(await loadTexts(service, { compat: "20.10" }));
    expect(error).toMatchObject({ code: "COMPOSE_VERSION", message: "unsupported Compose file version: 1.0" });
  });

  it('"3" is 3.0 in 20.10, so init is rejected', async () => {
    const text = `version: "3"\n${service}    init: true\n`;
    expect(projectOf(await loadTexts(text)).version).toBe("3.13");
    expect(onlyError(await loadTexts(text, { compat: "20.10" })).message).toBe("services.a Additional property init is not allowed");
  });

  it("§8 #4: an unquoted float version must be a string", async () => {
    const error = onlyError(await loadTexts(`version: 3.8\n${service}`));
    expect(error).toMatchObject({ code: "COMPOSE_SCHEMA", message: "version must be a string", path: "version", line: 1, column: 10 });
  });

  it("reports the more specific error when the version is unquoted", async () => {
    expect(onlyError(await loadTexts(`version: 3.10\n${service}    init: true\n`)).message).toBe("services.a Additional property init is not allowed");
  });

  it.each(['"2.4"', '"3.14"'])("rejects version %s", async (version) => {
    const error = onlyError(await loadTexts(`version: ${version}\n${service}`));
    expect(error).toMatchObject({ code: "COMPOSE_VERSION", message: `unsupported Compose file version: ${version.slice(1, -1)}`, line: 1 });
  });

  it("rejects 3.10+ in 20.10", async () => {
    expect(onlyError(await loadTexts(`version: "3.10"\n${service}`, { compat: "20.10" })).message).toBe("unsupported Compose file version: 3.10");
  });

  it("requires all files to share the first file's version", async () => {
    const error = onlyError(await loadTexts([`version: "3.8"\n${service}`, service]));
    expect(error).toMatchObject({
      code: "COMPOSE_VERSION",
      file: "override.yml",
      message: "version mismatched between two composefiles : 3.8 and 3.13",
    });
    expect(errorsOf(await loadTexts([`version: "3"\n${service}`, service]))).toEqual([]);
  });

  it.each([
    ["3.0", "init: true", "services.a Additional property init is not allowed"],
    ["3.2", "configs: [c]", "services.a Additional property configs is not allowed"],
    ["3.0", "secrets: [s]", "services.a Additional property secrets is not allowed"],
    ["3.4", "isolation: x", "services.a Additional property isolation is not allowed"],
    ["3.8", "cgroupns_mode: host", "services.a Additional property cgroupns_mode is not allowed"],
    ["3.11", "healthcheck:\n      start_interval: 1s", "services.a.healthcheck Additional property start_interval is not allowed"],
    ["3.12", "oom_score_adj: 1", "services.a Additional property oom_score_adj is not allowed"],
    ["3.12", "networks:\n      n:\n        driver_opts: {a: b}", "services.a.networks.n Additional property driver_opts is not allowed"],
    ["3.6", "x-foo: 1", "services.a Additional property x-foo is not allowed"],
    ["3.7", "deploy:\n      placement:\n        max_replicas_per_node: 1", "services.a.deploy.placement Additional property max_replicas_per_node is not allowed"],
    ["3.6", "deploy:\n      rollback_config: {}", "services.a.deploy Additional property rollback_config is not allowed"],
    ["3.3", "healthcheck:\n      start_period: 1s", "services.a.healthcheck Additional property start_period is not allowed"],
    ["3.5", "volumes:\n      - type: tmpfs\n        target: /t\n        tmpfs: {size: 1}", "services.a.volumes.0 Additional property tmpfs is not allowed"],
  ])("version %s rejects %s", async (version, lines, message) => {
    const text = `version: "${version}"\n${service}    ${lines}\n${lines.includes("networks") ? "networks:\n  n:\n" : ""}`;
    expect(onlyError(await loadTexts(text)).message).toBe(message);
  });

  it.each([
    ["3.1", "secrets: [s]", "secrets:\n  s:\n    external: true\n"],
    ["3.3", "configs: [c]", "configs:\n  c:\n    external: true\n"],
    ["3.7", "init: true", ""],
    ["3.12", "healthcheck:\n      start_interval: 1s", ""],
    ["3.13", "oom_score_adj: 1", ""],
    ["3.7", "x-foo: 1", ""],
  ])("version %s accepts %s", async (version, lines, tail) => {
    expect(errorsOf(await loadTexts(`version: "${version}"\n${service}    ${lines}\n${tail}`))).toEqual([]);
  });

  it("accepts top-level x-* only from 3.4", async () => {
    expect(onlyError(await loadTexts(`version: "3.3"\nx-a: 1\n${service}`)).message).toBe("(root) Additional property x-a is not allowed");
    expect(errorsOf(await loadTexts(`version: "3.4"\nx-a: 1\n${service}`))).toEqual([]);
  });
});
