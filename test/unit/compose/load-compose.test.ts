import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { errorsOf, loadTexts, onlyError, projectOf, serviceOf, serviceYaml, warningsOf } from "./load-helper.js";

const FIXTURE = join(import.meta.dirname, "../../fixtures/compose/differential");
const DEPRECATED_CONTAINER_NAME = "Ignoring deprecated options:\n\ncontainer_name: Setting the container name is not supported.";

describe("compose files written for a single docker host", () => {
  it.each([
    ["single-host-habits", {}, ["Ignoring unsupported options: restart", DEPRECATED_CONTAINER_NAME]],
    ["pinned-version", {}, ["Ignoring unsupported options: restart"]],
    ["interpolated-port", { NOTES_PORT: "8100" }, ["Ignoring unsupported options: restart", DEPRECATED_CONTAINER_NAME]],
  ])("%s loads with no errors and the CLI's warnings", async (name, env, warnings) => {
    const text = readFileSync(join(FIXTURE, name, "docker-compose.yml"), "utf8");
    const result = await loadTexts(text, { env });
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result).map((w) => w.message)).toEqual(warnings);
  });

  it("single-host-habits keeps what a swarm can use and drops the rest", async () => {
    const text = readFileSync(join(FIXTURE, "single-host-habits", "docker-compose.yml"), "utf8");
    const result = await loadTexts(text);
    const service = serviceOf(result, "dashboard");
    expect(service.command).toEqual(["--listen", ":8080", "--docker", "unix:///var/run/docker.sock"]);
    expect(service.init).toBe(true);
    expect(service.dns).toEqual(["10.20.0.53"]);
    expect(service.volumes.map((v) => [v.type, v.source, v.target, v.readOnly])).toEqual([
      ["bind", "/var/run/docker.sock", "/var/run/docker.sock", true],
      ["volume", "dashboard_state", "/state", false],
    ]);
    expect(service.ports.map((p) => p.published)).toEqual([8080, 8443]);
    expect(projectOf(result).volumes.dashboard_state).toMatchObject({ external: true });
    expect(projectOf(result).networks.dashboard_net).toMatchObject({ driver: "bridge" });
  });

  it("single-host-habits needs a version for 20.10", async () => {
    const text = readFileSync(join(FIXTURE, "single-host-habits", "docker-compose.yml"), "utf8");
    expect(onlyError(await loadTexts(text, { compat: "20.10" })).message).toBe("unsupported Compose file version: 1.0");
  });

  it("pinned-version stringifies numbers in its environment map", async () => {
    const text = readFileSync(join(FIXTURE, "pinned-version", "docker-compose.yml"), "utf8");
    expect(serviceOf(await loadTexts(text), "search").environment).toEqual({ SEARCH_THREADS: "4", SEARCH_LOG: "info" });
  });

  it("interpolated-port publishes NOTES_PORT", async () => {
    const text = readFileSync(join(FIXTURE, "interpolated-port", "docker-compose.yml"), "utf8");
    const service = serviceOf(await loadTexts(text, { env: { NOTES_PORT: "8100" } }), "notes_api");
    expect(service.ports).toEqual([{ mode: "ingress", target: 8100, published: 8100, protocol: "tcp" }]);
    expect(service.environment).toEqual({ NOTES_PORT: "8100" });
  });
});

describe("typed loading (docs/stack-deploy.md §2.11 other forms)", () => {
  it("loads a service into docker/cli's ServiceConfig shape", async () => {
    const text = serviceYaml(
      [
        "command: sh -c 'echo \"a b\"' # comment",
        "entrypoint: [/entry.sh]",
        "healthcheck:",
        "  test: curl -f http://localhost",
        "  interval: 1m30s",
        "  timeout: 500ms",
        "  start_period: 1.5s",
        "stop_grace_period: 2h",
        "labels: [a=1, b, c=]",
        "sysctls:\n  net.a: 1\n  net.b:",
        "extra_hosts:\n  - 'h1:10.0.0.1'\n  - 'h2=10.0.0.2'\n  - 'v6:[::1]'\n  - nohost",
        "dns: 10.0.0.2",
        "expose: [80, '81']",
        "logging:\n  driver: json-file\n  options:\n    max-size: 1m\n    max-file: 3",
        "ulimits:\n  nproc: 65535\n  nofile:\n    soft: 1\n    hard: 2",
        "networks:\n  front:\n    aliases: [w]\n  back:",
        "secrets: [s, {source: s, target: t, uid: '1', gid: '2', mode: 0400}]",
        "deploy:",
        "  replicas: 2",
        "  resources:\n    limits:\n      cpus: '0.5'\n      memory: 64M\n      pids: 10\n    reservations:\n      memory: 1.5g",
        "  update_config:\n    delay: 10s\n    max_failure_ratio: 0.1",
        "  restart_policy:\n    condition: on-failure\n    delay: 1s",
        "  placement:\n    preferences: [{spread: node.id}]",
      ].join("\n"),
    );
    const tail = "networks:\n  front:\n  back:\nsecrets:\n  s:\n    external: true\n";
    const service = serviceOf(await loadTexts(text + tail));
    expect(service.command).toEqual(["sh", "-c", 'echo "a b"']);
    expect(service.entrypoint).toEqual(["/entry.sh"]);
    expect(service.healthcheck).toEqual({
      test: ["CMD-SHELL", "curl -f http://localhost"],
      interval: 90_000_000_000,
      timeout: 500_000_000,
      startPeriod: 1_500_000_000,
      retries: undefined,
      startInterval: undefined,
      disable: false,
    });
    expect(service.stopGracePeriod).toBe(7_200_000_000_000);
    expect(service.labels).toEqual({ a: "1", b: "", c: "" });
    expect(service.sysctls).toEqual({ "net.a": "1", "net.b": "" });
    expect(service.extraHosts).toEqual(["h1:10.0.0.1", "h2:10.0.0.2", "v6:::1"]);
    expect(service.dns).toEqual(["10.0.0.2"]);
    expect(service.expose).toEqual(["80", "81"]);
    expect(service.logging).toEqual({ driver: "json-file", options: { "max-size": "1m", "max-file": "3" } });
    expect(service.ulimits).toEqual({ nproc: { single: 65535, soft: 0, hard: 0 }, nofile: { single: 0, soft: 1, hard: 2 } });
    expect(service.networks).toEqual({ front: { aliases: ["w"], driverOpts: undefined, ipv4Address: "", ipv6Address: "" }, back: null });
    expect(service.secrets).toEqual([
      { source: "s", target: "", uid: "", gid: "", mode: undefined },
      { source: "s", target: "t", uid: "1", gid: "2", mode: 256 },
    ]);
    expect(service.deploy.replicas).toBe(2);
    expect(service.deploy.resources).toEqual({ limits: { cpus: "0.5", memory: 67108864, pids: 10 }, reservations: { cpus: "", memory: 1610612736, genericResources: [] } });
    expect(service.deploy.updateConfig).toEqual({ parallelism: undefined, delay: 10_000_000_000, failureAction: "", monitor: 0, maxFailureRatio: 0.1, order: "" });
    expect(service.deploy.restartPolicy).toEqual({ condition: "on-failure", delay: 1_000_000_000, maxAttempts: undefined, window: undefined });
    expect(service.deploy.placement).toEqual({ constraints: [], preferences: [{ spread: "node.id" }], maxReplicas: 0 });
  });

  it("keeps extra_hosts lists verbatim and sorts the map form in 20.10", async () => {
    const list = serviceOf(await loadTexts(serviceYaml("extra_hosts: ['h=1.2.3.4', nohost]"), { compat: "20.10" }));
    expect(list.extraHosts).toEqual(["h=1.2.3.4", "nohost"]);
    const map = serviceOf(await loadTexts(serviceYaml("extra_hosts: {z: 10.0.0.1, a: '::1'}"), { compat: "20.10" }));
    expect(map.extraHosts).toEqual(["a:::1", "z:10.0.0.1"]);
  });

  it("leaves a service without networks undefined (it joins default)", async () => {
    expect(serviceOf(await loadTexts(serviceYaml(""))).networks).toBeUndefined();
  });

  it.each([
    ["deploy:\n  resources:\n    limits:\n      memory: abc", "error decoding 'Deploy.Resources.Limits.memory': invalid size: 'abc'", "services.a.deploy.resources.limits.memory"],
    ["deploy:\n  replicas: -1", "cannot parse 'Deploy.Replicas', -1 overflows uint", "services.a.deploy.replicas"],
    ["healthcheck:\n  retries: -2.5", "cannot parse 'HealthCheck.Retries', -2.500000 overflows uint", "services.a.healthcheck.retries"],
    ["shm_size: 64", "'shm_size' expected type 'string', got unconvertible type 'int', value: '64'", "services.a.shm_size"],
    ["command: echo 'unterminated", "error decoding 'Command': EOF found when expecting closing quote", "services.a.command"],
    ["ulimits:\n  NOFILE: abc", "error decoding 'Ulimits[NOFILE]': invalid type string for ulimits", "services.a.ulimits.NOFILE"],
  ])("reports decoding failures like mapstructure (%s)", async (lines, inner, path) => {
    const error = onlyError(await loadTexts(serviceYaml(lines)));
    expect(error).toMatchObject({ code: "COMPOSE_DECODE", path, message: `decoding failed due to the following error(s):\n\n${inner}` });
    const legacy = onlyError(await loadTexts(serviceYaml(lines), { compat: "20.10" }));
    expect(legacy.message).toBe(`1 error(s) decoding:\n\n* ${inner}`);
  });

  it("decodes an unquoted timestamp as time.Time in 28.2", async () => {
    expect(onlyError(await loadTexts(serviceYaml("hostname: 2001-12-14"))).message).toBe(
      "decoding failed due to the following error(s):\n\n'Hostname' expected type 'string', got unconvertible type 'time.Time', value: '2001-12-14 00:00:00 +0000 UTC'",
    );
    expect(serviceOf(await loadTexts(serviceYaml("hostname: 2001-12-14"), { compat: "20.10" })).hostname).toBe("2001-12-14");
  });
});

describe("top-level networks, volumes, secrets and configs", () => {
  const top = (tail: string, options = {}) => loadTexts(`${serviceYaml("")}${tail}`, options);

  it("names external objects after their key unless named", async () => {
    const project = projectOf(await top("networks:\n  n:\n    external: true\n  m:\n    name: explicit\nvolumes:\n  v:\n    external: true\n    name: real\n"));
    expect([project.networks.n?.name, project.networks.m?.name, project.volumes.v?.name]).toEqual(["n", "explicit", "real"]);
  });

  it("moves the deprecated external.name into name, warning from 3.5 (networks) / 3.4 (volumes)", async () => {
    const result = await top("networks:\n  n:\n    external:\n      name: legacy\nvolumes:\n  v:\n    external:\n      name: legacyvol\n");
    expect(projectOf(result).networks.n).toMatchObject({ name: "legacy", external: true });
    expect(warningsOf(result).map((w) => [w.code, w.message, w.path])).toEqual([
      ["COMPOSE_DEPRECATED_EXTERNAL_NAME", "network n: network.external.name is deprecated in favor of network.name", "networks.n.external"],
      ["COMPOSE_DEPRECATED_EXTERNAL_NAME", "volume v: volume.external.name is deprecated in favor of volume.name", "volumes.v.external"],
    ]);
    const old = await loadTexts(`version: "3.4"\nservices:\n  a:\n    image: x\nnetworks:\n  n:\n    external:\n      name: legacy\nvolumes:\n  v:\n    external:\n      name: legacyvol\n`);
    expect(warningsOf(old).map((w) => w.message)).toEqual(["volume v: volume.external.name is deprecated in favor of volume.name"]);
  });

  it.each([
    ["volumes:\n  v:\n    external: true\n    driver: local\n", 'conflicting parameters "external" and "driver" specified for volume "v"'],
    ["volumes:\n  v:\n    external: true\n    driver_opts: {a: b}\n", 'conflicting parameters "external" and "driver_opts" specified for volume "v"'],
    ["volumes:\n  v:\n    external: true\n    labels: [a=b]\n", 'conflicting parameters "external" and "labels" specified for volume "v"'],
    ["networks:\n  n:\n    name: one\n    external:\n      name: two\n", "network n: network.external.name and network.name conflict; only use network.name"],
    ["secrets:\n  s:\n    name: one\n    external:\n      name: two\n", "secret s: secret.external.name and secret.name conflict; only use secret.name"],
    ["secrets:\n  s:\n    driver: vault\n    file: ./x\n", "secret s: secret.driver and secret.file conflict; only use secret.driver"],
  ])("rejects conflicting parameters (%#)", async (tail, message) => {
    expect(onlyError(await top(tail))).toMatchObject({ code: "COMPOSE_CONFLICT", message });
  });

  it("reads secret and config files against the working directory, keeping their bytes", async () => {
    const project = projectOf(await top("secrets:\n  s:\n    file: ./s.txt\n    labels: [a=b]\nconfigs:\n  c:\n    file: /abs/c.conf\n    template_driver: golang\n", { disk: { "/srv/app/s.txt": "secret", "/abs/c.conf": "conf" } }));
    expect(project.secrets.s).toMatchObject({ name: "", file: "/srv/app/s.txt", labels: { a: "b" }, external: false });
    expect(new TextDecoder().decode(project.secrets.s?.data)).toBe("secret");
    expect(project.configs.c).toMatchObject({ file: "/abs/c.conf", templateDriver: "golang" });
  });

  it("reports a missing secret file at load (the CLI fails later, after creating networks)", async () => {
    expect(onlyError(await top("secrets:\n  s:\n    file: ./nope.txt\n"))).toMatchObject({
      code: "COMPOSE_FILE_OBJECT",
      message: "open /srv/app/nope.txt: no such file or directory",
      path: "secrets.s.file",
    });
  });

  it("keeps extension keys only on external networks and volumes, always on secrets", async () => {
    const project = projectOf(await top("networks:\n  a:\n    x-k: 1\n  b:\n    external: true\n    x-k: 1\nsecrets:\n  s:\n    external: true\n    x-k: 1\n"));
    expect([project.networks.a?.extras, project.networks.b?.extras, project.secrets.s?.extras]).toEqual([{}, { "x-k": 1 }, { "x-k": 1 }]);
  });
});

describe("post-load image check (docs/stack-deploy.md §2.13)", () => {
  it("28.2 requires a valid image reference for every service", async () => {
    const result = await loadTexts(`version: "3.9"\nservices:\n  a:\n    command: x\n  b:\n    image: Foo/Bar\n  c:\n    image: "x:y:z"\n`);
    expect(errorsOf(result).map((e) => [e.code, e.message, e.path, e.line])).toEqual([
      ["COMPOSE_IMAGE_REFERENCE", "invalid image reference for service a: no image specified", "services.a", 3],
      ["COMPOSE_IMAGE_REFERENCE", "invalid image reference for service b: invalid reference format: repository name (Bar) must be lowercase", "services.b.image", 6],
      ["COMPOSE_IMAGE_REFERENCE", "invalid image reference for service c: invalid reference format", "services.c.image", 8],
    ]);
    expect(result.project).toBeUndefined();
  });

  it("20.10 does no such check", async () => {
    expect(projectOf(await loadTexts(`version: "3.9"\nservices:\n  a:\n    command: x\n`, { compat: "20.10" })).services[0]?.image).toBe("");
  });
});

describe("loadCompose entry point", () => {
  it("requires at least one file", async () => {
    const result = await loadCompose([], { env: {}, workingDir: "/w", readFile: async () => undefined });
    expect(result.diagnostics).toEqual([{ severity: "error", code: "COMPOSE_NO_FILES", stage: "load", message: "Specify a Compose file (with --compose-file)" }]);
  });

  it("reports errors of every file, each with its own path", async () => {
    const result = await loadTexts([serviceYaml("foo: 1"), serviceYaml("bar: 1")]);
    expect(errorsOf(result).map((e) => [e.file, e.message])).toEqual([
      ["docker-compose.yml", "services.a Additional property foo is not allowed"],
      ["override.yml", "services.a Additional property bar is not allowed"],
    ]);
  });

  it("reports a reader that throws like a file that cannot be opened", async () => {
    const files = [{ path: "stacks/app/docker-compose.yml", text: serviceYaml("env_file: app.env") }];
    const readFile = async (): Promise<Uint8Array | undefined> => {
      throw new Error("permission denied");
    };
    const result = await loadCompose(files, { env: {}, workingDir: "stacks/app", readFile });
    expect(errorsOf(result).map((e) => [e.code, e.file, e.message])).toEqual([
      ["COMPOSE_ENV_FILE", "stacks/app/docker-compose.yml", "open stacks/app/app.env: permission denied"],
    ]);
  });

  it("resolves paths against a repository-relative working directory as given", async () => {
    const result = await loadTexts(serviceYaml("env_file: ./e.env\nvolumes: ['./data:/data']"), { workingDir: "stacks/app", disk: { "stacks/app/e.env": "A=1\n" } });
    expect(serviceOf(result).environment).toEqual({ A: "1" });
    expect(serviceOf(result).volumes[0]?.source).toBe("stacks/app/data");
  });

  it("ignores prototype-looking keys safely", async () => {
    const service = serviceOf(await loadTexts(serviceYaml("labels:\n  __proto__: x\n  constructor: y")));
    expect(Object.keys(service.labels)).toEqual(["__proto__", "constructor"]);
    expect(service.labels.__proto__).toBe("x");
  });
});
