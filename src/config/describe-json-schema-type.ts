import { z } from "zod";
import {
  DnsLabel,
  EnvironmentName,
  GuestAddress,
  GuestIdString,
  GuestName,
  GuestReference,
  HostName,
  HttpUrl,
  InterfaceName,
  Ipv4Address,
  Ipv4Cidr,
  MacAddress,
  NameserverList,
  PortList,
  PortMapping,
  SafeAbsolutePath,
  SingleLineText,
  StackName,
} from "./schemas/primitives.js";
import { FirewallAddress, FirewallMacro, FirewallProtocol } from "./schemas/firewall-rule.js";
import { TraefikLabel } from "./schemas/traefik-label.js";

/** A JSON Schema node as `z.toJSONSchema` emits it. */
export interface JsonSchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
}

const NAMED_STRINGS: readonly [z.ZodType, string][] = [
  [Ipv4Address, "IPv4 address"],
  [Ipv4Cidr, "IPv4 address/prefix"],
  [GuestAddress, "IPv4 address/prefix or `dhcp`"],
  [NameserverList, "IPv4 addresses"],
  [PortList, "ports (`80`, `80,443`, `8000:8010`)"],
  [PortMapping, "port mapping `host:container`"],
  [GuestIdString, "guest id (string)"],
  [GuestReference, "guest id (string)"],
  [MacAddress, "MAC address"],
  [GuestName, "host name"],
  [DnsLabel, "DNS label"],
  [HostName, "host name"],
  [HttpUrl, "http(s) URL"],
  [InterfaceName, "interface name (`vmbr0`, `net0`)"],
  [SafeAbsolutePath, "absolute path (letters, digits, `.`, `_`, `-`, `/`)"],
  [TraefikLabel, "Traefik label `key=value` (one line)"],
  [SingleLineText(1), "one line of text (no control characters)"],
  [FirewallAddress, "address, CIDR, range, alias or `+ipset`"],
  [FirewallProtocol, "protocol name (`tcp`, `udp`, `icmp`)"],
  [FirewallMacro, "Proxmox macro name (`SSH`, `HTTP`)"],
  // Stack and environment names share one pattern.
  [StackName, "name (letters, digits, `_`, `-`)"],
  [EnvironmentName, "name (letters, digits, `_`, `-`)"],
];

const namesByPattern = new Map(NAMED_STRINGS.map(([schema, name]) => [(z.toJSONSchema(schema) as JsonSchemaNode).pattern, name]));

/** A short human name for a schema node's type: `integer 1–65535`, `IPv4 address`, `"in" or "out"`. */
export function describeJsonSchemaType(node: JsonSchemaNode): string {
  if (node.anyOf) return node.anyOf.map(describeJsonSchemaType).join(" or ");
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(", ");
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  switch (node.type) {
    case "string":
      return describeString(node);
    case "integer":
    case "number":
      return `${node.type}${describeRange(node)}`;
    case "array":
      return node.items ? `list of ${plural(describeJsonSchemaType(node.items))}` : "list";
    case "object":
      if (!node.properties && typeof node.additionalProperties === "object" && Object.keys(node.additionalProperties).length > 0)
        return `map of ${plural(describeJsonSchemaType(node.additionalProperties))}`;
      return "object";
    case undefined:
      return "any";
    default:
      return node.type;
  }
}

function describeString(node: JsonSchemaNode): string {
  const named = node.pattern === undefined ? undefined : namesByPattern.get(node.pattern);
  if (named) return named;
  if (node.pattern) return `string matching \`${node.pattern}\``;
  if (node.maxLength !== undefined) return `string of ${node.minLength ?? 0}–${node.maxLength} characters`;
  return node.minLength === 1 ? "non-empty string" : "string";
}

function describeRange(node: JsonSchemaNode): string {
  const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (node.exclusiveMinimum !== undefined) return max === undefined ? ` > ${node.exclusiveMinimum}` : ` > ${node.exclusiveMinimum}, ≤ ${max}`;
  if (node.minimum !== undefined && max !== undefined) return ` ${node.minimum}–${max}`;
  if (node.minimum !== undefined) return ` ≥ ${node.minimum}`;
  return max === undefined ? "" : ` ≤ ${max}`;
}

function plural(type: string): string {
  return type === "object" ? "objects" : type;
}
