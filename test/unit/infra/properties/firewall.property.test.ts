import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIREWALL_LOG_LEVELS, FirewallAddress, FirewallMacro, FirewallProtocol, FirewallRule } from "../../../../src/config/schemas/firewall-rule.js";
import { InterfaceName, PortList, SingleLineText } from "../../../../src/config/schemas/primitives.js";
import { checkFirewallRule } from "../../../../src/infra/firewall/check-firewall-rule.js";
import { convertFirewallRule, firewallRuleKey } from "../../../../src/infra/firewall/convert-firewall-rule.js";
import type { FirewallFileKind, FirewallRuleLine } from "../../../../src/infra/firewall/firewall-document.js";
import { parseFirewallDocument } from "../../../../src/infra/firewall/parse-firewall-document.js";
import { renderFirewallFiles } from "../../../../src/infra/firewall/render-firewall-files.js";
import { buildDesiredState } from "../desired-state-fixture.js";
import { acceptedBy, ADDRESS_PIECES, hostileString, NAME_PIECES, PROPERTY_TIMEOUT_MS, RUNS, TEXT_PIECES } from "./arbitraries.js";

/** LF, CR, VT, FF, NEL, U+2028, U+2029: a line break to one reader or another (built from a string: lint forbids control characters in regex literals). */
const ANY_LINE_BREAK = new RegExp(["\\r\\n", "\\n", "\\r", "\\v", "\\f", "\\u0085", "\\u2028", "\\u2029"].join("|"));

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });

/** A rule whose every string field is whatever its schema accepts, hostile characters considered. */
const ruleArbitrary: fc.Arbitrary<FirewallRule> = fc
  .record({
    type: fc.constantFrom("in", "out", "IN", "OUT"),
    action: fc.constantFrom("ACCEPT", "DROP", "REJECT", "accept", "drop", "reject"),
    macro: optional(acceptedBy(FirewallMacro, hostileString(["SSH", "HTTP", "Web", "2", "x"]))),
    proto: optional(fc.oneof(fc.constantFrom("tcp", "udp", "icmp"), acceptedBy(FirewallProtocol, hostileString(["tcp", "udp", "-", "6", "icmp"])))),
    source: optional(acceptedBy(FirewallAddress, hostileString(ADDRESS_PIECES))),
    dest: optional(acceptedBy(FirewallAddress, hostileString(ADDRESS_PIECES))),
    port: optional(acceptedBy(PortList, hostileString(["80", ",", "443", ":", "8000", "1", "65535"]))),
    iface: optional(fc.oneof(fc.constantFrom("net0", "net1", "vmbr0"), acceptedBy(InterfaceName, hostileString([...NAME_PIECES, "net", "vmbr"])))),
    log: optional(fc.constantFrom(...FIREWALL_LOG_LEVELS)),
    comment: optional(acceptedBy(SingleLineText(256), hostileString(TEXT_PIECES))),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as FirewallRule)
  .filter((r) => FirewallRule.safeParse(r).success);

/** The lines meant for one file: rules pve-firewall takes, first of each repeat (what the renderer promises). */
function meantRules(rules: readonly FirewallRule[], kind: FirewallFileKind): FirewallRuleLine[] {
  const seen = new Set<string>();
  return rules.map(convertFirewallRule).filter((line) => {
    if (checkFirewallRule(line, kind).length > 0 || seen.has(firewallRuleKey(line))) return false;
    seen.add(firewallRuleKey(line));
    return true;
  });
}

describe("firewall renderer property", () => {
  it("every rule the schema accepts is one line of [RULES] that parses back to itself: a value never becomes two", () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 4 }), fc.array(ruleArbitrary, { maxLength: 4 }), (globalRules, guestRules) => {
        const state = buildDesiredState({
          guests: [{ id: "101", name: "gw", cidr: "10.0.0.5/24", firewall: { enabled: true, rules: guestRules } }],
          firewall: { globalRules },
        });
        const out = renderFirewallFiles(state);
        for (const [name, kind, rules] of [
          ["cluster.fw", "cluster", globalRules],
          ["101.fw", "guest", guestRules],
        ] as const) {
          const text = out.files.find((f) => f.name === name)?.content ?? "";
          const parsed = parseFirewallDocument(text, kind);
          expect(parsed.errors).toEqual([]);
          const meant = meantRules(rules, kind);
          // One physical line per rule, whatever line breaks any reader knows.
          const section = text.slice(text.indexOf("[RULES]\n") + "[RULES]\n".length);
          expect(section.split(ANY_LINE_BREAK).filter((l) => l !== "")).toHaveLength(meant.length);
          expect(parsed.document.rules).toEqual(meant);
        }
        const skipped = out.warnings.filter((w) => w.code === "FIREWALL_RULE_SKIPPED").length;
        expect(skipped).toBe(
          globalRules.filter((r) => checkFirewallRule(convertFirewallRule(r), "cluster").length > 0).length +
            guestRules.filter((r) => checkFirewallRule(convertFirewallRule(r), "guest").length > 0).length,
        );
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT_MS);
});
