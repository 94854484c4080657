import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffNetwork } from "../../../src/plan/spec-diff/diff-network.js";
import type { NetworkInfo } from "../../../src/engine/engine-objects.js";
import type { NetworkCreate } from "../../../src/engine/stack-spec.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/daemon-networks.json", import.meta.url), "utf8")) as {
  networks: { name: string; sent: NetworkCreate; stored: NetworkInfo }[];
};

function network(name: string): { sent: NetworkCreate; stored: NetworkInfo } {
  const found = fixture.networks.find((n) => n.name === name);
  if (found === undefined) throw new Error(`fixture ${name} missing`);
  return found;
}

describe("diffNetwork", () => {
  it.each(fixture.networks.map((n) => [n.name, n] as const))(
    "finds no change between the CLI's create body and %s as stored (IPAM, vxlan ids filled in)",
    (_name, n) => {
      expect(n.stored.Options).toHaveProperty(["com.docker.network.driver.overlay.vxlanid_list"]);
      expect(diffNetwork(n.stored, n.sent)).toEqual([]);
    },
  );

  it("reports changed driver options, labels and attachable flag", () => {
    const { sent, stored } = network("zfix_front");
    const desired: NetworkCreate = {
      ...sent,
      Attachable: false,
      Options: { "com.docker.network.driver.mtu": "1450" },
      Labels: { ...sent.Labels, "com.example.n": "changed" },
    };
    expect(diffNetwork(stored, desired).map((c) => `${c.path} ${c.op} ${c.before ?? ""}→${c.after ?? ""}`)).toEqual([
      'driver_opts["com.docker.network.driver.mtu"] change 1400→1450',
      'labels["com.example.n"] change net→changed',
      "attachable remove true→",
    ]);
  });

  it("compares subnets only when the definition pins them", () => {
    const { sent, stored } = network("zfix_default");
    const subnet = stored.IPAM?.Config?.[0]?.Subnet ?? "";
    expect(diffNetwork(stored, { ...sent, IPAM: { Config: [{ Subnet: subnet }] } })).toEqual([]);
    expect(diffNetwork(stored, { ...sent, IPAM: { Config: [{ Subnet: "10.99.0.0/24" }] } })).toEqual([
      { field: "ipam.config", path: "ipam.config", op: "change", before: JSON.stringify([subnet]), after: '["10.99.0.0/24"]' },
    ]);
  });
});
