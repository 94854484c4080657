import {
  FIREWALL_FLAG_NAMES,
  type FirewallAlias,
  type FirewallDocument,
  type FirewallFileKind,
  type FirewallFlag,
  type FirewallFlagName,
  type FirewallIpset,
  type FirewallOption,
  type FirewallRuleLine,
} from "./firewall-document.js";
import { checkFirewallRule } from "./check-firewall-rule.js";

export interface FirewallParseError {
  readonly line: number;
  readonly message: string;
}

export interface FirewallParseResult {
  readonly document: FirewallDocument;
  readonly errors: readonly FirewallParseError[];
}

const OPTION_KEYS: Record<FirewallFileKind, ReadonlySet<string>> = {
  cluster: new Set(["enable", "policy_in", "policy_out", "policy_forward", "log_ratelimit", "ebtables"]),
  guest: new Set([
    "enable",
    "policy_in",
    "policy_out",
    "dhcp",
    "ipfilter",
    "macfilter",
    "ndp",
    "radv",
    "log_level_in",
    "log_level_out",
  ]),
};
const POLICIES = new Set(["ACCEPT", "DROP", "REJECT"]);
const NAME = /^[A-Za-z][A-Za-z0-9_-]+$/;
const ADDRESS = /^[A-Za-z0-9.:/_+\-,]+$/;

/**
 * Reads a Proxmox firewall file the way pve-firewall does (sections, options,
 * aliases, ipsets, rules with `-flag value` pairs and a trailing `# comment`)
 * and reports every line pve-firewall would reject or skip.
 */
export function parseFirewallDocument(text: string, kind: FirewallFileKind): FirewallParseResult {
  const errors: FirewallParseError[] = [];
  const options: FirewallOption[] = [];
  const aliases: FirewallAlias[] = [];
  const ipsets: { name: string; comment?: string; entries: FirewallIpset["entries"][number][] }[] = [];
  const rules: FirewallRuleLine[] = [];
  let section: "none" | "options" | "aliases" | "ipset" | "rules" = "none";

  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const fail = (message: string) => errors.push({ line: lineNo, message });
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const header = /^\[([A-Za-z]+)(?:\s+([^\]]+))?\](?:\s+#\s?(.*))?$/.exec(line);
    if (header) {
      const name = (header[1] ?? "").toUpperCase();
      if (name === "OPTIONS" || name === "ALIASES" || name === "RULES") {
        section = name === "OPTIONS" ? "options" : name === "ALIASES" ? "aliases" : "rules";
      } else if (name === "IPSET" && header[2] !== undefined && NAME.test(header[2])) {
        section = "ipset";
        ipsets.push({ name: header[2], ...(header[3] ? { comment: header[3] } : {}), entries: [] });
      } else fail(`unknown section ${line}`);
      return;
    }
    const { body, comment } = splitComment(line);
    switch (section) {
      case "none":
        fail("line outside of any section");
        return;
      case "options": {
        const m = /^([a-z_]+):\s*(\S+)$/.exec(line);
        if (!m?.[1] || m[2] === undefined) return fail(`malformed option "${line}"`);
        if (!OPTION_KEYS[kind].has(m[1])) return fail(`unknown ${kind} option "${m[1]}"`);
        if (m[1] === "enable" && m[2] !== "0" && m[2] !== "1") return fail(`enable must be 0 or 1, not "${m[2]}"`);
        if (m[1].startsWith("policy_") && !POLICIES.has(m[2])) return fail(`${m[1]} must be ACCEPT, DROP or REJECT, not "${m[2]}"`);
        options.push({ key: m[1], value: m[2] });
        return;
      }
      case "aliases": {
        const parts = body.split(/\s+/);
        if (parts.length !== 2 || !NAME.test(parts[0] ?? "") || !ADDRESS.test(parts[1] ?? "")) return fail(`malformed alias "${line}"`);
        aliases.push({ name: parts[0] ?? "", cidr: parts[1] ?? "", ...(comment !== undefined ? { comment } : {}) });
        return;
      }
      case "ipset": {
        const m = /^(!?)([A-Za-z0-9.:/_-]+)$/.exec(body);
        if (!m) return fail(`malformed ipset entry "${line}"`);
        ipsets.at(-1)?.entries.push({ cidr: m[2] ?? "", nomatch: m[1] === "!", ...(comment !== undefined ? { comment } : {}) });
        return;
      }
      case "rules": {
        const rule = parseRule(body, comment, fail);
        if (rule) {
          for (const problem of checkFirewallRule(rule, kind)) fail(problem);
          rules.push(rule);
        }
        return;
      }
    }
  });
  return { document: { options, aliases, ipsets, rules }, errors };
}

function parseRule(body: string, comment: string | undefined, fail: (m: string) => void): FirewallRuleLine | undefined {
  const enabled = !body.startsWith("|");
  const tokens = (enabled ? body : body.slice(1)).trim().split(/\s+/);
  const [direction, action, ...rest] = tokens;
  if (direction !== "IN" && direction !== "OUT" && direction !== "GROUP") {
    fail(`rule must start with IN, OUT or GROUP, not "${direction ?? ""}"`);
    return undefined;
  }
  if (action === undefined) {
    fail("rule has no action");
    return undefined;
  }
  const flags: FirewallFlag[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i] ?? "";
    const value = rest[i + 1];
    if (!(FIREWALL_FLAG_NAMES as readonly string[]).includes(name)) {
      fail(`unknown rule option "${name}"`);
      return undefined;
    }
    if (value === undefined || value.startsWith("-")) {
      fail(`rule option ${name} has no value`);
      return undefined;
    }
    flags.push({ name: name as FirewallFlagName, value });
  }
  return { enabled, direction, action, flags, ...(comment !== undefined ? { comment } : {}) };
}

/** pve-firewall takes everything after the first `#` as the comment. */
function splitComment(line: string): { body: string; comment: string | undefined } {
  const hash = line.indexOf("#");
  if (hash === -1) return { body: line.trim(), comment: undefined };
  return { body: line.slice(0, hash).trim(), comment: line.slice(hash + 1).trim() };
}
