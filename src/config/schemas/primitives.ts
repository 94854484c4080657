import { z } from "zod";

/**
 * Value types shared by the config schemas. Each carries the message a user
 * sees when the value is wrong; the loader appends the offending value.
 */

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
const PREFIX = "(?:3[0-2]|[12][0-9]|[0-9])";

/** A dotted-quad IPv4 address without prefix length. */
export const Ipv4Address = z.string().regex(new RegExp(`^${IPV4}$`), "must be an IPv4 address such as 10.0.0.5");

/** An IPv4 address or network with prefix length (`10.0.0.5/24`). */
export const Ipv4Cidr = z.string().regex(new RegExp(`^${IPV4}/${PREFIX}$`), "must be an IPv4 address with prefix length, such as 10.0.0.5/24");

/** A guest address: CIDR or `dhcp`. */
export const GuestAddress = z
  .string()
  .regex(new RegExp(`^(?:dhcp|${IPV4}/${PREFIX})$`), 'must be an IPv4 address with prefix length, such as 10.0.0.5/24, or "dhcp"');

/** One or more resolver addresses separated by spaces or commas, as `pct`/`qm` accept them. */
export const NameserverList = z
  .string()
  .regex(new RegExp(`^${IPV4}(?:[ ,]+${IPV4})*$`), "must be one or more IPv4 addresses separated by spaces or commas");

/** A TCP/UDP port number. */
export const Port = z
  .number()
  .int("must be a whole port number between 1 and 65535")
  .min(1, "must be a port number between 1 and 65535")
  .max(65535, "must be a port number between 1 and 65535");

const PORT_NUMBER = "(?:[1-9][0-9]{0,4})";
const PORT_LIST_MAX = 512;

/** True for `80`, `80,443`, `8000:8010` and combinations, every port in 1–65535 and every range ascending. */
export function isPortList(text: string): boolean {
  // A longer list is no rule anyone wrote, and the regex below would overflow the stack on megabytes of it.
  if (text.length > PORT_LIST_MAX) return false;
  if (!new RegExp(`^${PORT_NUMBER}(?::${PORT_NUMBER})?(?:,${PORT_NUMBER}(?::${PORT_NUMBER})?)*$`).test(text)) return false;
  return text.split(",").every((part) => {
    const [from = 0, to = from] = part.split(":").map(Number);
    return from <= 65535 && to <= 65535 && from <= to;
  });
}

/** Destination ports of a firewall rule as Proxmox writes them. */
export const PortList = z
  .string()
  .max(PORT_LIST_MAX, { abort: true, message: `must be at most ${PORT_LIST_MAX} characters long` })
  .refine(isPortList, "must be ports between 1 and 65535 such as 80, 80,443 or 8000:8010")
  .meta({ pattern: `^${PORT_NUMBER}(?::${PORT_NUMBER})?(?:,${PORT_NUMBER}(?::${PORT_NUMBER})?)*$` });

/** `host:container` port mapping. */
export const PortMapping = z
  .string()
  .refine((s) => /^\d+:\d+$/.test(s) && s.split(":").every((p) => isPortList(p)), "must be host:container ports such as 8000:8000")
  .meta({ pattern: `^${PORT_NUMBER}:${PORT_NUMBER}$` });

/** A Proxmox CTID/VMID written as a string (`"101"`): Proxmox ids start at 100. */
export const GuestIdString = z.string().regex(/^[1-9][0-9]{2,8}$/, "must be a guest id (a number from 100 to 999999999) written as a string");

/** A Proxmox VMID as a JSON number. */
export const GuestIdNumber = z
  .number()
  .int("must be a whole number")
  .min(100, "must be a guest id from 100 to 999999999")
  .max(999_999_999, "must be a guest id from 100 to 999999999");

/** A reference to another guest (`dependencies` entries): digits only. */
export const GuestReference = z.string().regex(/^[0-9]+$/, "must be a guest id written as a string of digits, such as \"103\"");

/** A MAC address with colons. */
export const MacAddress = z.string().regex(/^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/, "must be a MAC address such as 52:54:00:AA:BB:CC");

/** A guest name: it becomes the Proxmox host name and `<name>.<domain>` in DNS. */
export const GuestName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,61}[A-Za-z0-9])?$/, "must be a host name: letters, digits, '-' and '.', at most 63 characters");

/** One DNS label: the part before the domain in `<name>.<domain>`. */
export const DnsLabel = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, "must be a DNS label: letters, digits and '-'");

/** A fully qualified host name (`portainer.internal.example.com`). */
export const HostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/,
    "must be a host name such as portainer.internal.example.com",
  );

/** An http(s) URL. */
export const HttpUrl = z.string().regex(/^https?:\/\/[^\s/$.?#][^\s]*$/, "must be an http:// or https:// URL");

/** A non-empty string. */
export const Text = z.string().min(1, "must not be empty");

/**
 * Characters that end or split a line in some file Phoenix writes, or that no
 * one-line value has a reason to hold: C0 controls (NUL, tab, LF, CR, …), DEL,
 * C1 controls (NEL U+0085, …), the Unicode line and paragraph separators, and
 * the bidirectional overrides that make a diff read differently from the file.
 */
export const LINE_BREAKING_CHARACTERS = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";

/**
 * One character of one-line text, as a regex: anything but a line-breaking
 * character, and a surrogate only as half of a pair (JSON's `\ud800` escape
 * makes a lone one, which no file can hold as written).
 */
export const ONE_LINE_CHARACTER = `(?:[^${LINE_BREAKING_CHARACTERS}\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])`;

/** Free text on one line (a firewall comment): any printable character, nothing that breaks the line. */
export function SingleLineText(maxLength: number) {
  return z
    .string()
    .max(maxLength, { abort: true, message: `must be at most ${maxLength} characters long` })
    .regex(new RegExp(`^${ONE_LINE_CHARACTER}*$`), "must be one line without control characters (no newline, tab, NUL or line separator)");
}

/** A Linux network interface name (`vmbr0`, `eth0`, `net0`): at most 15 characters (IFNAMSIZ − 1). */
export const InterfaceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$/, "must be a network interface name such as vmbr0 or net0: letters, digits, '_', '.', ':' and '-', at most 15 characters");

/**
 * An absolute file path that every generated file can hold as one plain word:
 * letters, digits, `.`, `_`, `-` and `/`, no `..` segment. NGINX, dnsmasq and
 * Traefik read these paths unquoted, so a space, `;`, `#`, `$` or a newline
 * would end or split the directive.
 */
export const SafeAbsolutePath = z
  .string()
  .max(1024, { abort: true, message: "must be at most 1024 characters long" })
  .regex(
    /^(?!.*\/\.\.(?:\/|$))\/[A-Za-z0-9._/-]*$/,
    "must be an absolute path of letters, digits, '.', '_', '-' and '/', without '..' (no spaces, quotes, ';', '#', '$' or control characters)",
  );

/** A stack name: the directory under `stacks/` and part of the Swarm stack name. */
export const StackName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "must be a stack name: letters, digits, '_' and '-'");

/** An environment name (`production`). */
export const EnvironmentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "must be an environment name: letters, digits, '_' and '-'");
