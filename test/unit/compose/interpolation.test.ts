import { describe, expect, it } from "vitest";
import { errorsOf, loadTexts, onlyError, projectOf, serviceOf, serviceYaml } from "./load-helper.js";

describe("interpolation of a compose file (docs/stack-deploy.md §2.5)", () => {
  it("interpolates string values at any depth, x-* included, but never keys", async () => {
    const result = await loadTexts(
      `version: "3.9"\nx-top:\n  nested: ["\${V}"]\nservices:\n  a:\n    image: busybox:\${V}\n    labels:\n      \${V}: \${V}\n    x-extra: \${V}\n`,
      { env: { V: "1" } },
    );
    const project = projectOf(result);
    expect(project.extras).toEqual({ "x-top": { nested: ["1"] } });
    const service = serviceOf(result);
    expect(service.image).toBe("busybox:1");
    expect(service.labels).toEqual({ "${V}": "1" });
    expect(service.extras).toEqual({ "x-extra": "1" });
  });

  it("makes unset variables empty without a warning", async () => {
    const result = await loadTexts(serviceYaml("environment:\n  A: x${UNSET}y"));
    expect(serviceOf(result).environment).toEqual({ A: "xy" });
    expect(result.diagnostics).toEqual([]);
  });

  it("§8 #6: ${VAR:?message-with-hyphen} never errors and yields the text after the hyphen", async () => {
    const result = await loadTexts(serviceYaml("hostname: ${REQ:?must-be-set}"));
    expect(serviceOf(result).hostname).toBe("be-set");
  });

  it("§8 #7: $NAME-suffix drops the suffix when NAME is set", async () => {
    const result = await loadTexts(serviceYaml("hostname: $PROJECT-api\nuser: $NOPE-api"), { env: { PROJECT: "proj" } });
    expect(serviceOf(result).hostname).toBe("proj");
    expect(serviceOf(result).user).toBe("api");
  });

  it("§8 #8: nested defaults are not expanded", async () => {
    const result = await loadTexts(serviceYaml("hostname: ${A:-${B:-z}}"), { env: { B: "b" } });
    expect(serviceOf(result).hostname).toBe("${B:-z}");
  });

  it("reports invalid templates with the dotted path and the whole value quoted", async () => {
    const error = onlyError(await loadTexts(serviceYaml("command: echo $1")));
    expect(error).toMatchObject({
      code: "COMPOSE_INTERPOLATION",
      stage: "load",
      file: "docker-compose.yml",
      path: "services.a.command",
      line: 5,
      column: 14,
      message: 'invalid interpolation format for services.a.command: "echo $1"; you may need to escape any $ with another $',
    });
  });

  it("names list elements .[] in the message and by index in the path", async () => {
    const error = onlyError(await loadTexts(serviceYaml('command: ["echo", "$1"]')));
    expect(error.message).toBe('invalid interpolation format for services.a.command.[]: "$1"; you may need to escape any $ with another $');
    expect(error.path).toBe("services.a.command.1");
    expect([error.line, error.column]).toEqual([5, 23]);
  });

  it("reports a missing required variable through the same wrapper", async () => {
    const error = onlyError(await loadTexts(serviceYaml("hostname: ${HOST:?hostname required}")));
    expect(error.message).toBe(
      'invalid interpolation format for services.a.hostname: "required variable HOST is missing a value: hostname required"; you may need to escape any $ with another $',
    );
  });

  it("collects every interpolation error of a file (the CLI stops at one)", async () => {
    const result = await loadTexts(serviceYaml("hostname: ${A:?}\nuser: ${B:?}"));
    expect(errorsOf(result).map((e) => e.path)).toEqual(["services.a.hostname", "services.a.user"]);
  });

  it("escapes $$ to a literal dollar", async () => {
    const result = await loadTexts(serviceYaml("entrypoint: [sh, -c, 'echo $$HOME']"));
    expect(serviceOf(result).entrypoint).toEqual(["sh", "-c", "echo $HOME"]);
  });

  it("interpolates extension values, so an unescaped $ there aborts the load", async () => {
    const error = onlyError(await loadTexts(`version: "3.9"\nx-note: price $5\nservices:\n  a:\n    image: busybox\n`));
    expect(error.message).toBe('invalid interpolation format for x-note: "price $5"; you may need to escape any $ with another $');
  });

  it("does not interpolate env files (§8 #10)", async () => {
    const result = await loadTexts(serviceYaml("env_file: e.env"), { env: { HOME: "/h" }, disk: { "/srv/app/e.env": "A=$HOME\n" } });
    expect(serviceOf(result).environment).toEqual({ A: "$HOME" });
  });
});
