import { describe, expect, it } from "vitest";
import type { ComposeCompat } from "../../../src/compose/types.js";
import { loadTexts, projectOf, serviceOf } from "./load-helper.js";

const file = (service: string, tail = "") => `version: "3.9"\nservices:\n  a:\n${service.replace(/^/gm, "    ")}\n${tail}`;

async function merged(base: string, override: string, compat: ComposeCompat = "28.2", tail: [string, string] = ["", ""]) {
  return loadTexts([file(base, tail[0]), file(override, tail[1])], { compat, disk: { "/srv/app/s.txt": "s" } });
}

describe("multi-file merge (docs/stack-deploy.md §2.12)", () => {
  it("scalars: the override wins unless it is the zero value", async () => {
    const a = serviceOf(await merged("image: x\nuser: root\ntty: true\ninit: true\nstop_grace_period: 5s", "image: y\nuser: ''\ntty: false\ninit: false\nstop_grace_period: 0s"));
    expect([a.image, a.user, a.tty, a.init, a.stopGracePeriod]).toEqual(["y", "root", true, true, 5_000_000_000]);
  });

  it("command/entrypoint: replaced when non-empty in 23.0+, concatenated in 20.10 (§8 #13)", async () => {
    const base = "image: x\ncommand: sleep 100\nentrypoint: [sh]";
    const override = "command: sleep 200\nentrypoint: []";
    const now = serviceOf(await merged(base, override));
    expect([now.command, now.entrypoint]).toEqual([["sleep", "200"], ["sh"]]);
    const old = serviceOf(await merged(base, override, "20.10"));
    expect([old.command, old.entrypoint]).toEqual([["sleep", "100", "sleep", "200"], ["sh"]]);
  });

  it("service volumes: merged by target and sorted in 23.0+, concatenated in 20.10", async () => {
    const base = "image: x\nvolumes: [/b, './x:/c']";
    const override = "volumes: ['./y:/c', /0]";
    expect(serviceOf(await merged(base, override)).volumes.map((v) => `${v.source}:${v.target}`)).toEqual([":/0", ":/b", "/srv/app/y:/c"]);
    expect(serviceOf(await merged(base, override, "20.10")).volumes.map((v) => `${v.source}:${v.target}`)).toEqual([":/b", "/srv/app/x:/c", "/srv/app/y:/c", ":/0"]);
  });

  it("ports: keyed by published port, so unpublished ports and TCP/UDP twins collapse (§8 #14)", async () => {
    const a = serviceOf(await merged("image: x\nports: ['18601:80', '81', '82', '443:443', '443:443/udp']", "image: y"));
    expect(a.ports.map((p) => `${p.published}:${p.target}/${p.protocol}`)).toEqual(["0:82/tcp", "443:443/udp", "18601:80/tcp"]);
  });

  it("ports from an override alone are kept as written", async () => {
    const a = serviceOf(await merged("image: x", "ports: ['81', '80']"));
    expect(a.ports.map((p) => p.target)).toEqual([81, 80]);
  });

  it("secrets and configs: merged by source, sorted by source", async () => {
    const tail = "secrets:\n  s1:\n    file: ./s.txt\n  s2:\n    file: ./s.txt\n";
    const a = serviceOf(await merged("image: x\nsecrets: [s2, s1]", "secrets:\n  - source: s1\n    target: renamed", "28.2", [tail, tail]));
    expect(a.secrets.map((s) => `${s.source}>${s.target}`)).toEqual(["s1>renamed", "s2>"]);
  });

  it("environment: a non-empty override wins, an empty or null one only fills an empty base", async () => {
    const a = serviceOf(await merged("image: x\nenvironment:\n  KEEP: b\n  OVER: b\n  EMPTY: b\n  NULLV: b\n  BASEEMPTY: ''", "environment:\n  OVER: o\n  EMPTY: ''\n  NULLV:\n  BASEEMPTY: o\n  NEW: o"));
    expect(a.environment).toEqual({ KEEP: "b", OVER: "o", EMPTY: "b", NULLV: "b", BASEEMPTY: "o", NEW: "o" });
  });

  it("labels, sysctls, deploy labels: override keys win, even empty", async () => {
    const a = serviceOf(await merged("image: x\nlabels: {a: b, b: b}\nsysctls: [x=1]\ndeploy:\n  labels: [d=1]", "labels: {b: '', c: o}\nsysctls: [x=2]\ndeploy:\n  labels: [d=2]"));
    expect([a.labels, a.sysctls, a.deploy.labels]).toEqual([{ a: "b", b: "", c: "o" }, { x: "2" }, { d: "2" }]);
  });

  it("other lists are concatenated, duplicates kept", async () => {
    const a = serviceOf(await merged("image: x\ndns: [1.1.1.1]\ncap_add: [A]\nextra_hosts: ['h:1.2.3.4']\ndeploy:\n  placement:\n    constraints: [c]", "dns: [1.1.1.1]\ncap_add: [B]\nextra_hosts: ['h:1.2.3.4']\ndeploy:\n  placement:\n    constraints: [c]"));
    expect([a.dns, a.capAdd, a.extraHosts, a.deploy.placement.constraints]).toEqual([["1.1.1.1", "1.1.1.1"], ["A", "B"], ["h:1.2.3.4", "h:1.2.3.4"], ["c", "c"]]);
  });

  it("replicas 0 in an override is applied in 23.0+ and ignored in 20.10", async () => {
    const base = "image: x\ndeploy:\n  replicas: 3";
    const override = "deploy:\n  replicas: 0";
    expect(serviceOf(await merged(base, override)).deploy.replicas).toBe(0);
    expect(serviceOf(await merged(base, override, "20.10")).deploy.replicas).toBe(3);
  });

  it("logging: same driver merges options, another driver replaces, a nil base options map loses the override's", async () => {
    const same = serviceOf(await merged("image: x\nlogging:\n  driver: json-file\n  options: {a: '1'}", "logging:\n  options: {b: '2'}"));
    expect(same.logging).toEqual({ driver: "json-file", options: { a: "1", b: "2" } });
    const other = serviceOf(await merged("image: x\nlogging:\n  driver: syslog\n  options: {a: '1'}", "logging:\n  driver: json-file"));
    expect(other.logging).toEqual({ driver: "json-file", options: undefined });
    const lost = serviceOf(await merged("image: x\nlogging:\n  driver: json-file", "logging:\n  options: {b: '2'}"));
    expect(lost.logging).toEqual({ driver: "json-file", options: undefined });
  });

  it("service networks: aliases replaced, addresses overridden when set", async () => {
    const a = serviceOf(await merged("image: x\nnetworks:\n  n:\n    aliases: [one]\n    ipv4_address: 10.0.0.5\n  m:", "networks:\n  n:\n    aliases: [two]\n  m:\n    aliases: [three]", "28.2", ["networks:\n  n:\n  m:\n", "networks:\n  n:\n  m:\n"]));
    expect(a.networks).toEqual({
      n: { aliases: ["two"], driverOpts: undefined, ipv4Address: "10.0.0.5", ipv6Address: "" },
      m: { aliases: ["three"], driverOpts: undefined, ipv4Address: "", ipv6Address: "" },
    });
  });

  it("healthcheck tests are appended (no special rule), retries follow the *uint64 rule", async () => {
    const a = serviceOf(await merged("image: x\nhealthcheck:\n  test: [CMD, a]\n  retries: 3", "healthcheck:\n  test: [CMD, b]\n  retries: 0"));
    expect(a.healthcheck).toMatchObject({ test: ["CMD", "a", "CMD", "b"], retries: 0 });
  });

  it("ulimits are replaced per name; extension values merge deeply", async () => {
    const a = serviceOf(await merged("image: x\nulimits: {nofile: 100, nproc: 1}\nx-e: {list: [a], map: {k: b}}", "ulimits: {nofile: {soft: 1, hard: 2}}\nx-e: {list: [b], map: {k2: o}}"));
    expect(a.ulimits).toEqual({ nofile: { single: 0, soft: 1, hard: 2 }, nproc: { single: 1, soft: 0, hard: 0 } });
    expect(a.extras).toEqual({ "x-e": { list: ["a", "b"], map: { k: "b", k2: "o" } } });
  });

  it("top-level definitions are replaced wholesale; version and top-level x-* come from the first file", async () => {
    const result = await loadTexts([
      `version: "3.9"\nx-top: base\nservices:\n  a:\n    image: x\nnetworks:\n  n:\n    driver: overlay\n    driver_opts: {a: b}\n`,
      `version: "3.9"\nx-top: override\nservices:\n  b:\n    image: y\nnetworks:\n  n:\n    labels: [l=1]\n`,
    ]);
    const project = projectOf(result);
    expect(project.networks.n).toMatchObject({ driver: "", driverOpts: {}, labels: { l: "1" } });
    expect(project.extras).toEqual({ "x-top": "base" });
    expect(project.services.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("resolves relative paths of every file against the first file's directory", async () => {
    const result = await loadTexts([file("image: x"), file("volumes: ['./y:/y']")], { workingDir: "/repo/base" });
    expect(serviceOf(result).volumes[0]?.source).toBe("/repo/base/y");
  });

  it("sorts services by name when merging several files", async () => {
    const result = await loadTexts([`version: "3.9"\nservices:\n  z:\n    image: x\n  b:\n    image: x\n`, `version: "3.9"\nservices:\n  a:\n    image: x\n`]);
    expect(projectOf(result).services.map((s) => s.name)).toEqual(["a", "b", "z"]);
  });
});
