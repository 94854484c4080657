import { describe, expect, it } from "vitest";
import { collectDnsRecords } from "../../../src/infra/dns/collect-dns-records.js";
import { buildDesiredState, buildReferenceLikeState } from "./desired-state-fixture.js";

const table = (state: Parameters<typeof collectDnsRecords>[0]) => collectDnsRecords(state).records.map((r) => `${r.hostname} ${r.ip} ${r.source}`);

describe("collectDnsRecords", () => {
  it("sends service names to the gateway, guest names to the guest, and keeps the CA and the proxy on their own addresses", () => {
    expect(table(buildReferenceLikeState())).toEqual([
      "ca.internal.example.test 10.0.0.10 own-service",
      "drphoenix.internal.example.test 10.0.0.102 guest-name",
      "granite-embedding.internal.example.test 10.0.0.153 service",
      "nginx-phoenix.internal.example.test 10.0.0.153 guest-name",
      "nginx.internal.example.test 10.0.0.153 service",
      "portainer-agent.internal.example.test 10.0.0.102 agent-hostname",
      "portainer.internal.example.test 10.0.0.153 service",
      "qdrant.internal.example.test 10.0.0.153 service",
      "step-ca.internal.example.test 10.0.0.10 guest-name",
      "traefik-internal.internal.example.test 10.0.0.12 guest-name",
      "traefik.internal.example.test 10.0.0.153 service",
    ]);
  });

  it("skips dhcp guests and agents without a hostname with a warning, never emitting a broken record", () => {
    const state = buildDesiredState({
      guests: [
        { id: "101", name: "gw", cidr: "10.1.0.2/24", service: { name: "nginx", port: 443 } },
        { id: "200", name: "Dyn", cidr: "dhcp" },
        { kind: "vm", id: "1002", name: "agent", cidr: "10.1.0.9/24", config: { portainer_role: "agent", portainer_agent_hostname: null } },
      ],
    });
    const set = collectDnsRecords(state);
    expect(set.records.map((r) => r.hostname)).not.toContain("null");
    expect(set.records.some((r) => r.ip === "dhcp" || r.hostname.startsWith("dyn"))).toBe(false);
    expect(set.warnings.map((w) => w.code).sort()).toEqual(["DNS_AGENT_WITHOUT_HOSTNAME", "DNS_GUEST_WITHOUT_ADDRESS"]);
    expect(set.warnings.find((w) => w.code === "DNS_GUEST_WITHOUT_ADDRESS")?.file).toBe("etc/phoenix_lxc_configs.json");
  });

  it("keeps guest names when there is no gateway and says which service names are lost", () => {
    const state = buildDesiredState({
      guests: [{ id: "801", name: "Model", cidr: "10.1.0.5/24", service: { name: "llm", port: 8000 } }],
    });
    const set = collectDnsRecords(state);
    expect(set.records.map((r) => `${r.hostname} ${r.ip}`)).toEqual(["model.internal.example.test 10.1.0.5"]);
    expect(set.warnings.map((w) => w.code)).toEqual(["DNS_NO_GATEWAY"]);
  });

  it("lets an explicit dns_records entry win over a derived name, and reports the conflict", () => {
    const state = buildReferenceLikeState({ dnsRecords: [{ hostname: "Qdrant.internal.example.test", ip: "10.0.0.102" }] });
    const set = collectDnsRecords(state);
    expect(set.records.find((r) => r.hostname === "qdrant.internal.example.test")).toEqual({
      hostname: "qdrant.internal.example.test",
      ip: "10.0.0.102",
      source: "explicit",
    });
    expect(set.warnings.some((w) => w.code === "DNS_NAME_CONFLICT" && w.message.startsWith("qdrant.internal.example.test"))).toBe(true);
  });

  it("drops invalid host names and addresses with a warning", () => {
    const state = buildReferenceLikeState({
      dnsRecords: [
        { hostname: "bad name.example.test", ip: "10.0.0.5" },
        { hostname: "ok.example.test", ip: "10.0.0.300" },
      ],
    });
    const set = collectDnsRecords(state);
    expect(set.records.some((r) => r.hostname.includes("bad") || r.hostname === "ok.example.test")).toBe(false);
    expect(set.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["DNS_INVALID_HOSTNAME", "DNS_INVALID_ADDRESS"]));
  });

  it("sorts by code point and keeps one record per name", () => {
    const state = buildReferenceLikeState({
      dnsRecords: [
        { hostname: "b.example.test", ip: "10.0.0.2" },
        { hostname: "B-x.example.test", ip: "10.0.0.3" },
        { hostname: "b.example.test", ip: "10.0.0.2" },
      ],
    });
    const names = collectDnsRecords(state).records.map((r) => r.hostname);
    expect(names.filter((n) => n === "b.example.test")).toHaveLength(1);
    expect(names.indexOf("b-x.example.test")).toBeLessThan(names.indexOf("b.example.test"));
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
  });
});
