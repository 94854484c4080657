import { describe, expect, it } from "vitest";
import { renderFirewallFiles } from "../../../src/infra/firewall/render-firewall-files.js";
import { validateFirewallFile } from "../../../src/infra/firewall/validate-firewall-file.js";
import { buildDesiredState, buildReferenceLikeState } from "./desired-state-fixture.js";

const file = (out: ReturnType<typeof renderFirewallFiles>, name: string) => out.files.find((f) => f.name === name)?.content;

describe("renderFirewallFiles", () => {
  it("puts only the options and the global rules in cluster.fw, in generate_rule_string order", () => {
    const state = buildReferenceLikeState({
      firewall: {
        globalRules: [
          { type: "in", action: "ACCEPT", proto: "tcp", port: "80", comment: "Allow HTTP" },
          { type: "in", action: "ACCEPT", source: "10.0.0.0/24", dest: "10.0.0.13", proto: "udp", port: "53", comment: "DNS" },
          { type: "out", action: "ACCEPT", dest: "10.0.0.153", proto: "tcp", port: "443" },
          { type: "in", action: "accept", iface: "vmbr0", proto: "icmp" },
        ],
      },
    });
    expect(file(renderFirewallFiles(state), "cluster.fw")).toBe(
      [
        "[OPTIONS]",
        "enable: 1",
        "policy_in: DROP",
        "policy_out: ACCEPT",
        "",
        "[RULES]",
        "IN ACCEPT -p tcp -dport 80 # Allow HTTP",
        "IN ACCEPT -p udp -source 10.0.0.0/24 -dest 10.0.0.13 -dport 53 # DNS",
        "OUT ACCEPT -p tcp -dest 10.0.0.153 -dport 443",
        "IN ACCEPT -i vmbr0 -p icmp",
        "",
      ].join("\n"),
    );
  });

  it("writes one file per guest with its rules and its stacks' rules, duplicates dropped and the first comment kept", () => {
    const out = renderFirewallFiles(buildReferenceLikeState());
    expect(out.files.map((f) => f.name)).toEqual(["cluster.fw", "101.fw", "1002.fw"]);
    expect(file(out, "1002.fw")).toBe(
      [
        "[OPTIONS]",
        "enable: 1",
        "",
        "[RULES]",
        "IN ACCEPT -p tcp -dport 6333 # Allow access to Qdrant HTTP API",
        "IN ACCEPT -p tcp -source 10.0.0.13 -dport 9001 # Allow host",
        "IN ACCEPT -p tcp -dport 6334 # Allow access to Qdrant gRPC API",
        "",
      ].join("\n"),
    );
  });

  it("writes enable: 0 and warns when stack rules land on a guest that declares no firewall", () => {
    const state = buildDesiredState({
      guests: [{ kind: "vm", id: "1003", name: "worker", cidr: "10.0.0.5/24" }],
      stacks: [{ name: "app", firewallRules: [{ type: "in", action: "ACCEPT", proto: "tcp", port: "8000" }] }],
      assignments: [{ stack: "app", vmid: "1003" }],
    });
    const out = renderFirewallFiles(state);
    expect(file(out, "1003.fw")).toBe("[OPTIONS]\nenable: 0\n\n[RULES]\nIN ACCEPT -p tcp -dport 8000\n");
    expect(out.warnings.map((w) => w.code)).toEqual(["FIREWALL_GUEST_DISABLED"]);
  });

  it("leaves out rules pve-firewall would reject, with a warning naming the guest", () => {
    const state = buildDesiredState({
      guests: [
        {
          id: "300",
          name: "x",
          cidr: "10.0.0.5/24",
          firewall: {
            enabled: true,
            rules: [
              { type: "in", action: "ACCEPT", port: "22" },
              { type: "in", action: "ACCEPT", iface: "eth1", proto: "tcp", port: "80" },
              { type: "in", action: "ACCEPT", proto: "tcp", port: "22, 2222", comment: "multi\nline" },
            ],
          },
        },
      ],
    });
    const out = renderFirewallFiles(state);
    expect(file(out, "300.fw")).toBe("[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22,2222 # multi line\n");
    expect(out.warnings.map((w) => w.code)).toEqual(["FIREWALL_RULE_SKIPPED", "FIREWALL_RULE_SKIPPED"]);
    expect(out.warnings[0]?.message).toContain("guest 300");
  });

  it("renders files that survive the parse → render round trip", () => {
    for (const f of renderFirewallFiles(buildReferenceLikeState()).files) expect(validateFirewallFile(f.content, f.name === "cluster.fw" ? "cluster" : "guest")).toEqual([]);
  });
});

describe("renderFirewallFiles with macros and log levels", () => {
  it("writes a macro as Macro(ACTION) and log as the last flag, and the file passes its round trip", () => {
    const state = buildDesiredState({
      guests: [],
      firewall: {
        globalRules: [
          { type: "in", action: "accept", macro: "SSH", source: "10.0.0.0/24", log: "info", comment: "Admin SSH" },
          { type: "in", action: "DROP", proto: "tcp", port: "23", log: "nolog" },
        ],
      },
    });
    const text = file(renderFirewallFiles(state), "cluster.fw") ?? "";
    expect(text).toContain("[RULES]\nIN SSH(ACCEPT) -source 10.0.0.0/24 -log info # Admin SSH\nIN DROP -p tcp -dport 23 -log nolog\n");
    expect(validateFirewallFile(text, "cluster")).toEqual([]);
  });
});
