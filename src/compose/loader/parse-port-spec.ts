import type { ComposePort } from "../compose-project.js";
import type { ComposeCompat } from "../types.js";
import { compareGoStrings } from "../../go/sort.js";
import { type GoParse, parseGoUintDecimal } from "../../go/strconv.js";
import { joinGoHostPort, parseGoIp, splitGoHostPort } from "../../go/net.js";

/**
 * Short port syntax (`[ip:][published:]target[/proto]`) as go-connections
 * `nat.ParsePortSpec` and `ConvertPortToPortConfig` read it. 20.10 vendors
 * an older go-connections whose messages are capitalised.
 */

interface PortMapping {
  /** `nat.Port`: `80/tcp` or `80-81/tcp`. */
  readonly port: string;
  readonly hostIp: string;
  readonly hostPort: string;
}

function texts(compat: ComposeCompat) {
  const legacy = compat === "20.10";
  return {
    emptyRange: legacy ? "Empty string specified for ports." : "empty string specified for ports",
    badRange: (ports: string) => `${legacy ? "Invalid range specified for the Port" : "invalid range specified for port"}: ${ports}`,
    noPort: (raw: string) => `${legacy ? "No port specified" : "no port specified"}: ${raw}<empty>`,
    container: (port: string) => `${legacy ? "Invalid containerPort" : "invalid containerPort"}: ${port}`,
    host: (port: string) => `${legacy ? "Invalid hostPort" : "invalid hostPort"}: ${port}`,
    ranges: (c: string, h: string) => `${legacy ? "Invalid ranges specified for container and host Ports" : "invalid ranges specified for container and host Ports"}: ${c} and ${h}`,
    proto: (proto: string) => `${legacy ? "Invalid proto" : "invalid proto"}: ${proto}`,
    ipWithError: (ip: string, error: string) => (legacy ? `Invalid ip address ${ip}: ${error}` : `invalid IP address ${ip}: ${error}`),
    ip: (ip: string) => (legacy ? `Invalid ip address: ${ip}` : `invalid IP address: ${ip}`),
  };
}

/** `nat.ParsePortRange`. */
function parsePortRange(ports: string, compat: ComposeCompat): GoParse<[number, number]> {
  if (ports === "") return { ok: false, error: texts(compat).emptyRange };
  const parts = ports.includes("-") ? ports.split("-") : [ports, ports];
  const start = parseGoUintDecimal(parts[0] ?? "", 16);
  if (!start.ok) return start;
  const end = parseGoUintDecimal(parts[1] ?? "", 16);
  if (!end.ok) return end;
  if (end.value < start.value) return { ok: false, error: texts(compat).badRange(ports) };
  return { ok: true, value: [Number(start.value), Number(end.value)] };
}

function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(":");
  const container = parts[parts.length - 1] ?? "";
  if (parts.length === 1) return ["", "", container];
  if (parts.length === 2) return ["", parts[0] ?? "", container];
  return [parts.slice(0, parts.length - 2).join(":"), parts[parts.length - 2] ?? "", container];
}

function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split("/");
  if (raw === "" || (parts[0] ?? "") === "") return ["", ""];
  if (parts.length === 1) return ["tcp", raw];
  if ((parts[1] ?? "") === "") return ["tcp", parts[0] ?? ""];
  return [parts[1] ?? "", parts[0] ?? ""];
}

function parseHostIp(rawIp: string, compat: ComposeCompat): GoParse<string> {
  const t = texts(compat);
  let ip = rawIp;
  // 28.x strips brackets only from `[v6]`; 20.10 always runs SplitHostPort.
  if (compat === "20.10" || ip.startsWith("[")) {
    const split = splitGoHostPort(`${ip}:`);
    if ("error" in split) return { ok: false, error: t.ipWithError(rawIp, split.error) };
    ip = split.host;
  }
  if (ip !== "" && !parseGoIp(ip)) return { ok: false, error: t.ip(ip) };
  return { ok: true, value: ip };
}

/** `nat.ParsePortSpec`: one mapping per container port of a range. */
export function parsePortSpec(raw: string, compat: ComposeCompat): GoParse<PortMapping[]> {
  const t = texts(compat);
  const [rawIp, rawHostPort, rawContainer] = splitParts(raw);
  const [proto, containerPort] = splitProtoPort(rawContainer);
  const ip = parseHostIp(rawIp, compat);
  if (!ip.ok) return ip;
  if (containerPort === "") return { ok: false, error: t.noPort(raw) };
  const container = parsePortRange(containerPort, compat);
  if (!container.ok) return { ok: false, error: t.container(containerPort) };
  let host: [number, number] = [0, 0];
  if (rawHostPort !== "") {
    const parsed = parsePortRange(rawHostPort, compat);
    if (!parsed.ok) return { ok: false, error: t.host(rawHostPort) };
    host = parsed.value;
  }
  const [start, end] = container.value;
  if (rawHostPort !== "" && end - start !== host[1] - host[0] && end !== start) {
    return { ok: false, error: t.ranges(containerPort, rawHostPort) };
  }
  if (!["tcp", "udp", "sctp"].includes(proto.toLowerCase())) return { ok: false, error: t.proto(proto) };
  const mappings: PortMapping[] = [];
  for (let i = 0; i <= end - start; i++) {
    let hostPort = rawHostPort === "" ? "" : String(host[0] + i);
    // A single container port with a host range keeps the range as its binding.
    if (start === end && host[0] !== host[1]) hostPort = `${hostPort}-${host[1]}`;
    mappings.push({ port: `${start + i}/${proto.toLowerCase()}`, hostIp: ip.value, hostPort });
  }
  return { ok: true, value: mappings };
}

/** What `toServicePortConfigs` makes of one short-syntax entry, with the CLI's host-IP warnings. */
export function expandPortSpec(raw: string, compat: ComposeCompat): GoParse<{ ports: ComposePort[]; warnings: string[] }> {
  const parsed = parsePortSpec(raw, compat);
  if (!parsed.ok) return parsed;
  const byPort = new Map<string, PortMapping[]>();
  for (const mapping of parsed.value) byPort.set(mapping.port, [...(byPort.get(mapping.port) ?? []), mapping]);
  const ports: ComposePort[] = [];
  const warnings: string[] = [];
  // The CLI sorts the nat.Port keys as strings, so "10/tcp" comes before "9/tcp".
  for (const key of [...byPort.keys()].sort(compareGoStrings)) {
    const [target = "0", protocol = ""] = key.split("/");
    for (const binding of byPort.get(key) ?? []) {
      const ip = parseGoIp(binding.hostIp);
      const warn = compat === "20.10" ? binding.hostIp !== "" && binding.hostIp !== "0.0.0.0" : ip !== undefined && !ip.unspecified;
      if (warn) {
        const where = compat === "20.10" ? `${binding.hostIp}:${binding.hostPort}:${key}` : `${joinGoHostPort(binding.hostIp, binding.hostPort)}:${key}`;
        warnings.push(`ignoring IP-address (${where}) service will listen on '0.0.0.0'`);
      }
      const range = parsePortRange(binding.hostPort, compat);
      if (!range.ok && binding.hostPort !== "") {
        return { ok: false, error: `invalid hostport binding (${binding.hostPort}) for port (${target})` };
      }
      const [first, last] = range.ok ? range.value : [0, 0];
      for (let published = first; published <= last; published++) {
        ports.push({ mode: "ingress", target: Number(target), published, protocol });
      }
    }
  }
  return { ok: true, value: { ports, warnings } };
}
