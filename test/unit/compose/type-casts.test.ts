import { describe, expect, it } from "vitest";
import { castForPath } from "../../../src/compose/interpolation/cast-paths.js";
import { loadTexts, onlyError, projectOf, serviceOf, serviceYaml } from "./load-helper.js";

describe("type casts after interpolation (docs/stack-deploy.md §2.6)", () => {
  it("casts integers at the listed paths when a variable changed the value", async () => {
    const env = { N: "3", P: "8080", T: "80", A: "5", M: "0440", MAXR: "2", PAR: "4", RET: "7", NPROC: "10", SOFT: "1", HARD: "2" };
    const result = await loadTexts(
      serviceYaml(
        [
          "deploy:",
          "  replicas: ${N:-1}",
          "  update_config:",
          "    parallelism: ${PAR}",
          "  rollback_config:",
          "    parallelism: ${PAR}",
          "  restart_policy:",
          "    max_attempts: ${A}",
          "  placement:",
          "    max_replicas_per_node: ${MAXR}",
          "healthcheck:",
          "  retries: ${RET}",
          "ports:",
          "  - target: ${T}",
          "    published: ${P}",
          "ulimits:",
          "  nproc: ${NPROC}",
          "  nofile:",
          "    soft: ${SOFT}",
          "    hard: ${HARD}",
          "secrets:",
          "  - source: s",
          "    mode: ${M}",
          "configs:",
          "  - source: c",
          "    mode: ${M}",
        ].join("\n"),
      ) + "secrets:\n  s:\n    external: true\nconfigs:\n  c:\n    external: true\n",
      { env },
    );
    const service = serviceOf(result);
    expect(service.deploy.replicas).toBe(3);
    expect(service.deploy.updateConfig?.parallelism).toBe(4);
    expect(service.deploy.rollbackConfig?.parallelism).toBe(4);
    expect(service.deploy.restartPolicy?.maxAttempts).toBe(5);
    expect(service.deploy.placement.maxReplicas).toBe(2);
    expect(service.healthcheck?.retries).toBe(7);
    expect(service.ports).toEqual([{ mode: "", target: 80, published: 8080, protocol: "" }]);
    expect(service.ulimits).toEqual({ nproc: { single: 10, soft: 0, hard: 0 }, nofile: { single: 0, soft: 1, hard: 2 } });
    // A mode from a variable is decimal (440), a YAML literal 0440 is octal (288).
    expect(service.secrets[0]?.mode).toBe(440);
    expect(service.configs[0]?.mode).toBe(440);
  });

  it("reads a literal 0440 as octal", async () => {
    const result = await loadTexts(serviceYaml("secrets:\n  - {source: s, mode: 0440}") + "secrets:\n  s:\n    external: true\n");
    expect(serviceOf(result).secrets[0]?.mode).toBe(288);
  });

  it("casts booleans (y/yes/true/on, n/no/false/off, any case)", async () => {
    const env = { T: "On", F: "NO", Y: "y", EXT: "TRUE" };
    const result = await loadTexts(
      serviceYaml(
        [
          "read_only: ${T}",
          "privileged: ${F}",
          "tty: ${Y}",
          "stdin_open: ${F}",
          "healthcheck:",
          "  disable: ${T}",
          "volumes:",
          "  - type: volume",
          "    source: v",
          "    target: /v",
          "    read_only: ${Y}",
          "    volume:",
          "      nocopy: ${T}",
        ].join("\n"),
      ) + "volumes:\n  v:\n    external: ${EXT}\nnetworks:\n  n:\n    internal: ${T}\n    attachable: ${F}\n",
      { env },
    );
    const project = projectOf(result);
    const service = serviceOf(result);
    expect([service.readOnly, service.privileged, service.tty, service.stdinOpen, service.healthcheck?.disable]).toEqual([true, false, true, false, true]);
    expect(service.volumes[0]).toMatchObject({ readOnly: true, volume: { nocopy: true } });
    expect(project.volumes.v?.external).toBe(true);
    expect(project.networks.n).toMatchObject({ internal: true, attachable: false });
  });

  it("casts max_failure_ratio to a float", async () => {
    const result = await loadTexts(serviceYaml("deploy:\n  update_config:\n    max_failure_ratio: ${R}"), { env: { R: "0.25" } });
    expect(serviceOf(result).deploy.updateConfig?.maxFailureRatio).toBe(0.25);
  });

  it("does not cast a string the substitution left unchanged, so the schema rejects it", async () => {
    const error = onlyError(await loadTexts(serviceYaml('deploy:\n  replicas: "2"')));
    expect(error.message).toBe("services.a.deploy.replicas must be a integer");
  });

  it.each([
    ["deploy:\n  replicas: ${V}", "two", 'error while interpolating services.a.deploy.replicas: failed to cast to expected type: strconv.Atoi: parsing the value of "${V}" (not shown): invalid syntax'],
    ["tty: ${V}", "maybe", 'error while interpolating services.a.tty: failed to cast to expected type: invalid boolean: the value of "${V}" (not shown)'],
    [
      "deploy:\n  update_config:\n    max_failure_ratio: ${V}",
      "half",
      'error while interpolating services.a.deploy.update_config.max_failure_ratio: failed to cast to expected type: strconv.ParseFloat: parsing the value of "${V}" (not shown): invalid syntax',
    ],
    [
      "ports:\n  - target: ${V}",
      "99999999999999999999",
      'error while interpolating services.a.ports.[].target: failed to cast to expected type: strconv.Atoi: parsing the value of "${V}" (not shown): value out of range',
    ],
    ['deploy:\n  replicas: "8${V}"', "x", 'error while interpolating services.a.deploy.replicas: failed to cast to expected type: strconv.Atoi: parsing the value of "8${V}" (not shown): invalid syntax'],
  ])("reports a cast failure without the variable's value (%s with %s)", async (yaml, value, message) => {
    const error = onlyError(await loadTexts(serviceYaml(yaml), { env: { V: value } }));
    expect(error).toMatchObject({ code: "COMPOSE_CAST", message });
    expect(error.message).not.toContain(`"${value}"`);
  });

  it.each([
    ['deploy:\n  replicas: "$$5"', 'error while interpolating services.a.deploy.replicas: failed to cast to expected type: strconv.Atoi: parsing "$5": invalid syntax'],
    ['tty: "$$on"', "error while interpolating services.a.tty: failed to cast to expected type: invalid boolean: $on"],
  ])("quotes a value that came from the file alone, as docker does (%s)", async (yaml, message) => {
    const error = onlyError(await loadTexts(serviceYaml(yaml)));
    expect(error).toMatchObject({ code: "COMPOSE_CAST", message });
  });

  it("casts oom_score_adj only in 28.2", () => {
    const path = ["services", "a", "oom_score_adj"];
    expect(castForPath(path, "28.2")?.("5")).toEqual({ ok: true, value: 5n });
    expect(castForPath(path, "20.10")).toBeUndefined();
  });

  it("matches * and [] in cast paths, and nothing else", () => {
    expect(castForPath(["services", "web", "ports", "[]", "published"], "28.2")).toBeDefined();
    expect(castForPath(["services", "web", "ports", "published"], "28.2")).toBeUndefined();
    expect(castForPath(["services", "web", "image"], "28.2")).toBeUndefined();
    expect(castForPath(["networks", "front", "external"], "28.2")?.("off")).toEqual({ ok: true, value: false });
  });
});
