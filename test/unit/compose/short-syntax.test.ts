import { describe, expect, it } from "vitest";
import { expandPortSpec } from "../../../src/compose/loader/parse-port-spec.js";
import { parseVolumeSpec } from "../../../src/compose/loader/parse-volume-spec.js";
import { loadTexts, onlyError, serviceOf, serviceYaml, warningsOf } from "./load-helper.js";

const port = (target: number, published = 0, protocol = "tcp") => ({ mode: "ingress", target, published, protocol });

describe("short port syntax (docs/stack-deploy.md §2.11)", () => {
  it.each([
    ["80", [port(80)]],
    ["8080:80", [port(80, 8080)]],
    ["8080:80/udp", [port(80, 8080, "udp")]],
    ["96/UDP", [port(96, 0, "udp")]],
    ["0.0.0.0:95:95/SCTP", [port(95, 95, "sctp")]],
    ["18482-18483:81-82/udp", [port(81, 18482, "udp"), port(82, 18483, "udp")]],
    ["8000-8001:80", [port(80, 8000), port(80, 8001)]],
    ["9-10", [port(10), port(9)]],
    ["[::1]:90:90", [port(90, 90)]],
    ["::1:96:96", [port(96, 96)]],
  ])("%s", (spec, expected) => {
    const result = expandPortSpec(spec, "28.2");
    expect(result.ok && result.value.ports).toEqual(expected);
  });

  it("drops a host IP with the CLI's warning", () => {
    const result = expandPortSpec("127.0.0.1:8080:80/tcp", "28.2");
    expect(result).toEqual({ ok: true, value: { ports: [port(80, 8080)], warnings: ["ignoring IP-address (127.0.0.1:8080:80/tcp) service will listen on '0.0.0.0'"] } });
    expect(expandPortSpec("[::1]:90:90", "28.2")).toMatchObject({ value: { warnings: ["ignoring IP-address ([::1]:90:90/tcp) service will listen on '0.0.0.0'"] } });
    expect(expandPortSpec("0.0.0.0:95:95", "28.2")).toMatchObject({ value: { warnings: [] } });
  });

  it("warns for every non-0.0.0.0 address in 20.10 and cannot read unbracketed IPv6", () => {
    expect(expandPortSpec("[::]:90:90", "20.10")).toMatchObject({ value: { warnings: ["ignoring IP-address (:::90:90/tcp) service will listen on '0.0.0.0'"] } });
    expect(expandPortSpec("::1:96:96", "20.10")).toEqual({ ok: false, error: "Invalid ip address ::1: address ::1:: too many colons in address" });
  });

  it.each([
    ["abc:80", "invalid hostPort: abc", "Invalid hostPort: abc"],
    ["80:abc", "invalid containerPort: abc", "Invalid containerPort: abc"],
    ["8000-8002:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8000-8002", "Invalid ranges specified for container and host Ports: 80-81 and 8000-8002"],
    ["80/icmp", "invalid proto: icmp", "Invalid proto: icmp"],
    ["1.2.3:80:80", "invalid IP address: 1.2.3", "Invalid ip address: 1.2.3"],
    ["80:", "no port specified: 80:<empty>", "No port specified: 80:<empty>"],
    ["70000", "invalid containerPort: 70000", "Invalid containerPort: 70000"],
  ])("rejects %s", (spec, message282, message2010) => {
    expect(expandPortSpec(spec, "28.2")).toEqual({ ok: false, error: message282 });
    expect(expandPortSpec(spec, "20.10")).toEqual({ ok: false, error: message2010 });
  });

  it("keeps long syntax exactly as written and expands numbers", async () => {
    const service = serviceOf(await loadTexts(serviceYaml("ports:\n  - 91\n  - target: 90\n    published: 18490\n    mode: host\n  - target: 92")));
    expect(service.ports).toEqual([port(91), { mode: "host", target: 90, published: 18490, protocol: "" }, { mode: "", target: 92, published: 0, protocol: "" }]);
  });

  it("reports the host-IP warning positioned at the entry", async () => {
    const [warning] = warningsOf(await loadTexts(serviceYaml('ports:\n  - "127.0.0.1:80:80"')));
    expect(warning).toMatchObject({ code: "COMPOSE_IGNORED_HOST_IP", path: "services.a.ports.0", line: 6, column: 9 });
  });

  it("rejects a float entry and a negative long-syntax port while decoding", async () => {
    expect(onlyError(await loadTexts(serviceYaml("ports: [80.0]"))).message).toBe(
      "decoding failed due to the following error(s):\n\nerror decoding 'Ports': invalid type float64 for port",
    );
    expect(onlyError(await loadTexts(serviceYaml("ports:\n  - target: -1"))).message).toBe(
      "decoding failed due to the following error(s):\n\ncannot parse 'Ports[0].Target', -1 overflows uint",
    );
  });
});

const volume = (type: string, source: string, target: string, extra: object = {}) => ({
  type,
  source,
  target,
  readOnly: false,
  consistency: "",
  bind: undefined,
  volume: undefined,
  tmpfs: undefined,
  ...extra,
});

describe("short volume syntax (§2.11)", () => {
  it.each([
    ["/anon", volume("volume", "", "/anon")],
    ["ab", volume("volume", "", "ab")],
    ["named:/data", volume("volume", "named", "/data")],
    ["named:/data:ro,nocopy", volume("volume", "named", "/data", { readOnly: true, volume: { nocopy: true } })],
    ["./rel:/rel:z,cached", volume("bind", "./rel", "/rel")],
    ["../up:/up", volume("bind", "../up", "/up")],
    ["~/h:/h:rw,rprivate", volume("bind", "~/h", "/h", { bind: { propagation: "rprivate" } })],
    ["/abs:/abs:ro,rshared", volume("bind", "/abs", "/abs", { readOnly: true, bind: { propagation: "rshared" } })],
    ["v:/data", volume("volume", "", "v:/data")],
    ["C:\\data:/data", volume("bind", "C:\\data", "/data")],
    ["\\\\server\\share:/share", volume("bind", "\\\\server\\share", "/share")],
    ["a:b:c:d", volume("bind", "a:b", "c:d")],
    ["a::b", volume("bind", "a:", "b")],
  ])("%s", (spec, expected) => {
    expect(parseVolumeSpec(spec)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "invalid empty volume spec"],
    ["ab::/x", "invalid spec: ab::/x: empty section between colons"],
    ["ab:/x:ro:extra", "invalid spec: ab:/x:ro:extra: too many colons"],
  ])("rejects %j", (spec, error) => {
    expect(parseVolumeSpec(spec)).toEqual({ ok: false, error });
  });

  it("§2.10, §8 #15: makes bind sources absolute against the working directory, with ~ from HOME", async () => {
    const text = serviceYaml("volumes:\n  - ./data:/data\n  - ../up:/up/\n  - ~/h:/h\n  - /abs:/abs\n  - 'C:\\w:/w'\n  - v:/one-letter");
    const service = serviceOf(await loadTexts(text, { env: { HOME: "/home/me" }, workingDir: "/repo/app" }));
    expect(service.volumes.map((v) => [v.type, v.source, v.target])).toEqual([
      ["bind", "/repo/app/data", "/data"],
      ["bind", "/repo/up", "/up/"],
      ["bind", "/home/me/h", "/h"],
      ["bind", "/abs", "/abs"],
      ["bind", "C:\\w", "/w"],
      ["volume", "", "v:/one-letter"],
    ]);
  });

  it("warns when ~ cannot be expanded", async () => {
    const result = await loadTexts(serviceYaml("volumes:\n  - ~/h:/h"));
    expect(serviceOf(result).volumes[0]?.source).toBe("/srv/app/~/h");
    expect(warningsOf(result).map((w) => w.message)).toEqual(["cannot expand '~', because the environment lacks HOME"]);
  });

  it("requires a source for long-syntax binds", async () => {
    const error = onlyError(await loadTexts(serviceYaml("volumes:\n  - type: bind\n    target: /x")));
    expect(error).toMatchObject({ code: "COMPOSE_MOUNT", message: 'invalid mount config for type "bind": field Source must not be empty', path: "services.a.volumes.0" });
  });

  it("reports short-syntax errors while decoding", async () => {
    expect(onlyError(await loadTexts(serviceYaml("volumes: ['ab::/x']"))).message).toBe(
      "decoding failed due to the following error(s):\n\nerror decoding 'Volumes[0]': invalid spec: ab::/x: empty section between colons",
    );
  });
});
