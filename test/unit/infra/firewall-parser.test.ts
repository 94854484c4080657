import { describe, expect, it } from "vitest";
import { parseFirewallDocument } from "../../../src/infra/firewall/parse-firewall-document.js";
import { renderFirewallDocument } from "../../../src/infra/firewall/render-firewall-document.js";
import { validateFirewallFile } from "../../../src/infra/firewall/validate-firewall-file.js";

const full = [
  "[OPTIONS]",
  "enable: 1",
  "policy_in: DROP",
  "policy_out: ACCEPT",
  "",
  "[ALIASES]",
  "gateway 10.0.0.153 # NGINX",
  "",
  "[IPSET internal] # guests",
  "10.0.0.0/24",
  "!10.0.0.99 # not this one",
  "",
  "[RULES]",
  "IN ACCEPT -i vmbr0 -p tcp -source +internal -dest gateway -dport 80,443 # web",
  "|OUT DROP -p udp -dport 53",
  "IN SSH(ACCEPT) -source 10.0.0.0/24",
  "IN ACCEPT -p icmp -icmp-type echo-request -log nolog",
  "GROUP webservers",
  "",
].join("\n");

describe("parseFirewallDocument", () => {
  it("reads every section and renders back to the same bytes", () => {
    const parsed = parseFirewallDocument(full, "cluster");
    expect(parsed.errors).toEqual([]);
    expect(parsed.document.rules).toHaveLength(5);
    expect(parsed.document.rules[1]).toEqual({ enabled: false, direction: "OUT", action: "DROP", flags: [{ name: "-p", value: "udp" }, { name: "-dport", value: "53" }] });
    expect(parsed.document.ipsets[0]?.entries[1]).toEqual({ cidr: "10.0.0.99", nomatch: true, comment: "not this one" });
    expect(renderFirewallDocument(parsed.document)).toBe(full);
  });

  it("rejects what the bash generators wrote and pve-firewall cannot parse", () => {
    const bad = (rule: string, kind: "cluster" | "guest" = "cluster") => parseFirewallDocument(`[RULES]\n${rule}\n`, kind).errors.map((e) => e.message);
    expect(bad("IN ACCEPT iface vmbr0 -p tcp -dport 80")[0]).toContain("unknown rule option \"iface\"");
    expect(bad("IN ACCEPT -iface vmbr0 -p tcp")[0]).toContain('unknown rule option "-iface"');
    expect(bad("IN accept -p tcp")[0]).toContain('invalid action "accept"');
    expect(bad("IN ACCEPT -dport 80")[0]).toContain("needs -p tcp");
    expect(bad("IN ACCEPT -p tcp -dport 70000")[0]).toContain("invalid port list");
    expect(bad("IN ACCEPT -i eth1 -p tcp -dport 80", "guest")[0]).toContain("must be netN");
    expect(bad("IN ACCEPT -i net0 -p tcp -dport 80", "guest")).toEqual([]);
    expect(bad("IN ACCEPT -p tcp -p udp")[0]).toContain("given twice");
    expect(bad("FORWARD ACCEPT")[0]).toContain("must start with IN, OUT or GROUP");
  });

  it("rejects unknown sections, options and lines outside a section, with their line numbers", () => {
    const errors = parseFirewallDocument("enable: 1\n[OPTIONS]\nenable: yes\npolicy_in: ALLOW\nmacfilter: 0\n[STUFF]\n", "cluster").errors;
    expect(errors).toEqual([
      { line: 1, message: "line outside of any section" },
      { line: 3, message: 'enable must be 0 or 1, not "yes"' },
      { line: 4, message: 'policy_in must be ACCEPT, DROP or REJECT, not "ALLOW"' },
      { line: 5, message: 'unknown cluster option "macfilter"' },
      { line: 6, message: "unknown section [STUFF]" },
    ]);
  });

  it("refuses a file that parses but is not in canonical form", () => {
    expect(validateFirewallFile("[OPTIONS]\nenable: 1\n[RULES]\nIN  ACCEPT -p tcp\n", "cluster")[0]).toMatch(/^line 3: not in canonical form/);
    expect(validateFirewallFile("[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp\n", "cluster")).toEqual([]);
  });
});
