import { describe, expect, it } from "vitest";
import { errorsOf, loadTexts, onlyError, projectOf, serviceOf, serviceYaml, warningsOf } from "./load-helper.js";

describe("forbidden, unsupported, deprecated and silently ignored keys (docs/stack-deploy.md §2.8 table)", () => {
  it("forbidden: one error with the CLI's multi-line text, sorted, before anything else", async () => {
    const text = `version: "3.9"\nservices:\n  a:\n    image: \${BAD:?x}\n    volumes_from: [b]\n    mem_limit: 1g\n  b:\n    image: busybox\n    extends: c\n    foo: bar\n`;
    const error = onlyError(await loadTexts(text));
    expect(error).toMatchObject({ code: "COMPOSE_FORBIDDEN", path: "services.b.extends", line: 9, column: 5 });
    expect(error.message).toBe(
      "Compose file contains unsupported options:\n\n" +
        "extends: Support for `extends` is not implemented yet.\n\n" +
        "mem_limit: Set resource limits using deploy.resources\n\n" +
        "volumes_from: To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.\n",
    );
  });

  it.each(["extends", "volume_driver", "volumes_from", "cpu_quota", "cpu_shares", "cpuset", "mem_limit", "memswap_limit"])(
    "forbids %s",
    async (key) => {
      expect(onlyError(await loadTexts(serviceYaml(`${key}: x`))).code).toBe("COMPOSE_FORBIDDEN");
    },
  );

  it("explains volume_driver and the resource keys like types.go", async () => {
    const message = onlyError(await loadTexts(serviceYaml("volume_driver: x\ncpu_shares: 1\ncpuset: x\ncpu_quota: 1\nmemswap_limit: 1"))).message;
    expect(message).toBe(
      "Compose file contains unsupported options:\n\n" +
        "cpu_quota: Set resource limits using deploy.resources\n\n" +
        "cpu_shares: Set resource limits using deploy.resources\n\n" +
        "cpuset: Set resource limits using deploy.resources\n\n" +
        "memswap_limit: Set resource limits using deploy.resources\n\n" +
        "volume_driver: Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.\n",
    );
  });

  it.each([
    ["build: .", "build"],
    ["cgroupns_mode: host", "cgroupns_mode"],
    ["cgroup_parent: x", "cgroup_parent"],
    ["devices: [/dev/x]", "devices"],
    ["domainname: x", "domainname"],
    ["external_links: [x]", "external_links"],
    ["ipc: host", "ipc"],
    ["links: [x]", "links"],
    ["mac_address: x", "mac_address"],
    ["network_mode: host", "network_mode"],
    ["pid: host", "pid"],
    ["privileged: true", "privileged"],
    ["restart: always", "restart"],
    ["security_opt: [x]", "security_opt"],
    ["shm_size: 1g", "shm_size"],
    ["userns_mode: host", "userns_mode"],
  ])("unsupported: %s warns and is kept in the project", async (line, key) => {
    const result = await loadTexts(serviceYaml(line));
    expect(warningsOf(result)).toEqual([
      expect.objectContaining({ code: "COMPOSE_UNSUPPORTED_OPTION", message: `Ignoring unsupported options: ${key}`, path: `services.a.${key}`, line: 5, column: 5 }),
    ]);
    expect(result.project).toBeDefined();
  });

  it("restart stays available to the conversion despite the warning", async () => {
    expect(serviceOf(await loadTexts(serviceYaml("restart: on-failure:3"))).restart).toBe("on-failure:3");
  });

  it("unsupported warnings are the union over all files, sorted, each at its first use", async () => {
    const result = await loadTexts([serviceYaml("restart: always\nbuild: ."), `version: "3.9"\nservices:\n  b:\n    image: x\n    restart: "no"\n    links: [a]\n`]);
    expect(warningsOf(result).map((w) => [w.message, w.file, w.line])).toEqual([
      ["Ignoring unsupported options: build", "docker-compose.yml", 6],
      ["Ignoring unsupported options: links", "override.yml", 6],
      ["Ignoring unsupported options: restart", "docker-compose.yml", 5],
    ]);
  });

  it("computes warnings from the raw file, before interpolation", async () => {
    const result = await loadTexts(serviceYaml("restart: ${R}"));
    expect(warningsOf(result).map((w) => w.message)).toEqual(["Ignoring unsupported options: restart"]);
  });

  it.each([
    ["container_name: x", "container_name: Setting the container name is not supported."],
    ["expose: [80]", "expose: Exposing ports is unnecessary - services on the same network can access each other's containers on any port."],
  ])("deprecated: %s warns with the explanation", async (line, explanation) => {
    const [warning] = warningsOf(await loadTexts(serviceYaml(line)));
    expect(warning).toMatchObject({ code: "COMPOSE_DEPRECATED_OPTION", message: `Ignoring deprecated options:\n\n${explanation}` });
  });

  it("silently ignores depends_on, service tmpfs, static addresses, oom_score_adj and unused definitions", async () => {
    const text =
      `version: "3.13"\nservices:\n  a:\n    image: busybox\n    depends_on: [b]\n    tmpfs: /run\n    oom_score_adj: 5\n` +
      `    networks:\n      n:\n        ipv4_address: 10.0.0.2\n        ipv6_address: "::2"\n  b:\n    image: busybox\n` +
      `networks:\n  n:\n  unused:\nvolumes:\n  unused:\n`;
    const result = await loadTexts(text);
    expect(result.diagnostics).toEqual([]);
    const service = serviceOf(result);
    expect(service.dependsOn).toEqual(["b"]);
    expect(service.tmpfs).toEqual(["/run"]);
    expect(service).not.toHaveProperty("oomScoreAdj");
    expect(projectOf(result).volumes).toHaveProperty("unused");
  });

  it("stops a forbidden file before interpolation", async () => {
    const result = await loadTexts(serviceYaml("extends: x\nhostname: ${H:?}"));
    expect(errorsOf(result).map((e) => e.code)).toEqual(["COMPOSE_FORBIDDEN"]);
  });
});
