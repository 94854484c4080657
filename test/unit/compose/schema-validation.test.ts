import { describe, expect, it } from "vitest";
import { mostSpecificSchemaError } from "../../../src/compose/schema/most-specific-error.js";
import type { SchemaError } from "../../../src/compose/schema/validate-schema.js";
import { errorsOf, loadTexts, onlyError, serviceYaml } from "./load-helper.js";

describe("schema validation errors (docs/stack-deploy.md §2.7 table)", () => {
  it("unknown key in a service, positioned at the key", async () => {
    const error = onlyError(await loadTexts(serviceYaml("foo: bar")));
    expect(error).toMatchObject({
      severity: "error",
      code: "COMPOSE_SCHEMA",
      stage: "load",
      file: "docker-compose.yml",
      path: "services.a.foo",
      line: 5,
      column: 5,
      message: "services.a Additional property foo is not allowed",
    });
  });

  it("unknown top-level key (Compose spec name:)", async () => {
    const error = onlyError(await loadTexts("name: app\nservices:\n  a:\n    image: busybox\n"));
    expect(error).toMatchObject({ message: "(root) Additional property name is not allowed", line: 1, column: 1 });
  });

  it("bad service name", async () => {
    const error = onlyError(await loadTexts('services:\n  "a b":\n    image: busybox\n'));
    expect(error).toMatchObject({ message: "services Additional property a b is not allowed", line: 2, column: 3 });
  });

  it("wrong scalar type beats a shallower unknown key", async () => {
    const error = onlyError(await loadTexts(serviceYaml('foo: 1\ndeploy:\n  replicas: "2"')));
    expect(error).toMatchObject({ message: "services.a.deploy.replicas must be a integer", line: 7, column: 17 });
  });

  it("list expected (depends_on with conditions)", async () => {
    const error = onlyError(await loadTexts(serviceYaml("depends_on:\n  b:\n    condition: service_healthy")));
    expect(error.message).toBe("services.a.depends_on must be a list");
  });

  it("dict value type", async () => {
    const error = onlyError(await loadTexts(serviceYaml("environment:\n  DEBUG: true")));
    expect(error).toMatchObject({ message: "services.a.environment.DEBUG must be a string, number or null", line: 6, column: 14 });
  });

  it("string expected (cpus as a number)", async () => {
    const error = onlyError(await loadTexts(serviceYaml("deploy:\n  resources:\n    limits:\n      cpus: 0.5")));
    expect(error.message).toBe("services.a.deploy.resources.limits.cpus must be a string");
  });

  it("tmpfs size as a string", async () => {
    const error = onlyError(await loadTexts(serviceYaml("volumes:\n  - type: tmpfs\n    target: /t\n    tmpfs:\n      size: 64m")));
    expect(error.message).toBe("services.a.volumes.0.tmpfs.size must be a integer");
  });

  it.each([
    ["dns_opt: [use-vc]", "services.a Additional property dns_opt is not allowed"],
    ["profiles: [dev]", "services.a Additional property profiles is not allowed"],
    ["platform: linux/amd64", "services.a Additional property platform is not allowed"],
    ["pull_policy: always", "services.a Additional property pull_policy is not allowed"],
  ])("Compose-spec-only key %s", async (line, message) => {
    expect(onlyError(await loadTexts(serviceYaml(line))).message).toBe(message);
  });

  it.each([
    ["environment: FOO", "secrets.s Additional property environment is not allowed"],
    ["content: bar", "secrets.s Additional property content is not allowed"],
  ])("Compose-spec-only secret key %s", async (line, message) => {
    expect(onlyError(await loadTexts(`${serviceYaml("")}secrets:\n  s:\n    ${line}\n`)).message).toBe(message);
  });

  it("port format (28.2+ only; 20.10 fails while decoding)", async () => {
    const text = serviceYaml('ports: ["abc:80"]');
    expect(onlyError(await loadTexts(text)).message).toBe("services.a.ports.0 Does not match format 'ports'");
    expect(onlyError(await loadTexts(text, { compat: "20.10" })).message).toBe("1 error(s) decoding:\n\n* error decoding 'Ports': Invalid hostPort: abc");
  });
});

describe("schema facts", () => {
  it.each([
    ["deploy:", ""],
    ["", "networks:\n  n:\nvolumes:\n  v:\n"],
  ])("accepts null deploy and null top-level network/volume definitions", async (lines, tail) => {
    expect(errorsOf(await loadTexts(serviceYaml(lines) + tail))).toEqual([]);
  });

  it("accepts x-* only where the schema allows it", async () => {
    const ok = `version: "3.9"\nx-a: 1\nservices:\n  a:\n    image: busybox\n    x-b: 1\nnetworks:\n  n:\n    x-c: 1\nvolumes:\n  v:\n    x-d: 1\nsecrets:\n  s:\n    external: true\n    x-e: 1\nconfigs:\n  c:\n    external: true\n    x-f: 1\n`;
    expect(errorsOf(await loadTexts(ok))).toEqual([]);
    expect(onlyError(await loadTexts(serviceYaml("deploy:\n  x-foo: 1"))).message).toBe("services.a.deploy Additional property x-foo is not allowed");
  });

  it("requires type in long volume syntax", async () => {
    expect(onlyError(await loadTexts(serviceYaml("volumes:\n  - target: /x"))).message).toBe("services.a.volumes.0 type is required");
  });

  it("checks ulimit values only for lower-case names", async () => {
    expect(onlyError(await loadTexts(serviceYaml("ulimits:\n  nofile: abc"))).message).toBe("services.a.ulimits.nofile must be a integer");
    expect(onlyError(await loadTexts(serviceYaml("ulimits:\n  NOFILE: abc"))).message).toBe(
      "decoding failed due to the following error(s):\n\nerror decoding 'Ulimits[NOFILE]': invalid type string for ulimits",
    );
  });

  it("only allows subnet in ipam config", async () => {
    const text = `${serviceYaml("")}networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          gateway: 10.0.0.1\n`;
    expect(onlyError(await loadTexts(text)).message).toBe("networks.n.ipam.config.0 Additional property gateway is not allowed");
  });

  it("prints enum errors with the field twice, like the CLI", async () => {
    expect(onlyError(await loadTexts(serviceYaml("deploy:\n  update_config:\n    order: whenever"))).message).toBe(
      'services.a.deploy.update_config.order services.a.deploy.update_config.order must be one of the following: "start-first", "stop-first"',
    );
  });

  it("reports duplicate list items", async () => {
    expect(onlyError(await loadTexts(serviceYaml("cap_add: [A, B, A]"))).message).toBe("services.a.cap_add array items[0,2] must be unique");
  });

  it("reports the best oneOf branch's error", async () => {
    expect(onlyError(await loadTexts(serviceYaml("command: 5"))).message).toBe("services.a.command must be a string");
    expect(onlyError(await loadTexts(serviceYaml("environment: 5"))).message).toBe("services.a.environment must be a mapping");
    expect(onlyError(await loadTexts(serviceYaml("ports:\n  - target: '80'"))).message).toBe("services.a.ports.0.target must be a integer");
  });

  it("allows any key in a build mapping from 3.11", async () => {
    const build = "build:\n  context: .\n  secrets: [a]";
    expect(onlyError(await loadTexts(serviceYaml(build, "3.10"))).message).toBe("services.a.build Additional property secrets is not allowed");
    expect(errorsOf(await loadTexts(serviceYaml(build, "3.11")))).toEqual([]);
  });

  it("rejects NaN and infinities before validating, as JSON marshalling does", async () => {
    expect(onlyError(await loadTexts(serviceYaml("labels:\n  a: .inf"))).message).toBe("json: unsupported value: +Inf");
  });
});

describe("mostSpecificSchemaError (schema.getMostSpecificError)", () => {
  const error = (type: SchemaError["type"], field: string, description = "d"): SchemaError => ({ type, field, path: field.split("."), description, expected: "string" });

  it("picks the deepest field, the first of equals, and invalid_type on a tie", () => {
    expect(mostSpecificSchemaError([error("required", "a"), error("required", "a.b", "deep"), error("required", "a.c", "later")])?.message).toBe("a.b deep");
    expect(mostSpecificSchemaError([error("required", "a.b", "first"), error("invalid_type", "a.c")])?.message).toBe("a.c must be a string");
  });

  it("lets a oneOf error borrow the next error's raw description", () => {
    const reported = mostSpecificSchemaError([error("number_one_of", "a.b"), error("additional_property_not_allowed", "a.b", "Additional property x is not allowed")]);
    expect(reported).toMatchObject({ message: "a.b Additional property x is not allowed", atKey: true });
  });
});
