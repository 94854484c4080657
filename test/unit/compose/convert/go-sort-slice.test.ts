/**
 * Go's sort.Slice as the CLIs sort ports: the expected orders are what
 * `docker stack deploy` (20.10, Go 1.19; 28.2, Go 1.21+) stored for the
 * same port lists on the test swarm.
 */
import { describe, expect, it } from "vitest";
import { sortSliceGo, type GoXorshift } from "../../../../src/go/sort-slice.js";

type Port = readonly [published: number, target: number];

function sortPorts(ports: readonly Port[], xorshift: GoXorshift): string {
  return sortSliceGo([...ports], (a, b) => a[0] < b[0], xorshift)
    .map(([published, target]) => `${published}:${target}`)
    .join(" ");
}

/** Sixty ports, every third published, from 27060 down: partitions get unbalanced and breakPatterns runs. */
function unbalancedPorts(): Port[] {
  const published = Array.from({ length: 20 }, (_, i) => 27060 - 3 * i);
  return Array.from({ length: 60 }, (_, i): Port => (i % 3 === 0 && published.length > 0 ? [published.shift() ?? 0, 100 + i] : [0, 7000 + i]));
}

describe("sortSliceGo", () => {
  it("keeps Go's insertion sort on twelve items or fewer (stable)", () => {
    const ports: Port[] = [[0, 1], [80, 2], [0, 3], [0, 4]];
    expect(sortPorts(ports, "go1.21")).toBe("0:1 0:3 0:4 80:2");
  });

  it("moves equal keys past twelve items as both CLIs do", () => {
    const ports: Port[] = [[0, 3000], [0, 3001], [0, 3002], [0, 3003], [0, 3004], [0, 3005], [8000, 8000], [9090, 8080], [9091, 8081], [49100, 22], [8001, 8001]];
    for (let i = 0; i <= 10; i++) ports.push([5000 + i, 5000 + i]);
    const expected = "0:3001 0:3002 0:3003 0:3004 0:3005 0:3000 5000:5000 5001:5001 5002:5002 5003:5003 5004:5004 5005:5005 5006:5006 5007:5007 5008:5008 5009:5009 5010:5010 8000:8000 8001:8001 9090:8080 9091:8081 49100:22";
    expect([sortPorts(ports, "go1.19"), sortPorts(ports, "go1.21")]).toEqual([expected, expected]);
  });

  it("breaks patterns with the xorshift of the CLI's Go release", () => {
    const cli2010 = [
    "0:7031 0:7044 0:7002 0:7059 0:7029 0:7005 0:7058 0:7007 0:7008 0:7028 0:7010 0:7011",
    "0:7056 0:7013 0:7014 0:7055 0:7016 0:7017 0:7053 0:7019 0:7020 0:7052 0:7022 0:7023",
    "0:7050 0:7025 0:7026 0:7049 0:7047 0:7004 0:7046 0:7001 0:7032 0:7043 0:7034 0:7035",
    "0:7041 0:7037 0:7038 0:7040 27003:157 27006:154 27009:151 27012:148 27015:145 27018:142 27021:139 27024:136",
    "27027:133 27030:130 27033:127 27036:124 27039:121 27042:118 27045:115 27048:112 27051:109 27054:106 27057:103 27060:100",
    ].join(" ");
    const cli282 = [
    "0:7031 0:7004 0:7002 0:7059 0:7058 0:7005 0:7056 0:7007 0:7008 0:7055 0:7010 0:7011",
    "0:7053 0:7013 0:7014 0:7052 0:7016 0:7017 0:7050 0:7019 0:7020 0:7049 0:7022 0:7023",
    "0:7047 0:7025 0:7026 0:7046 0:7001 0:7044 0:7028 0:7043 0:7032 0:7041 0:7034 0:7035",
    "0:7040 0:7037 0:7038 0:7029 27003:157 27006:154 27009:151 27012:148 27015:145 27018:142 27021:139 27024:136",
    "27027:133 27030:130 27033:127 27036:124 27039:121 27042:118 27045:115 27048:112 27051:109 27054:106 27057:103 27060:100",
    ].join(" ");
    expect(sortPorts(unbalancedPorts(), "go1.19")).toBe(cli2010);
    expect(sortPorts(unbalancedPorts(), "go1.21")).toBe(cli282);
    expect(cli2010).not.toBe(cli282);
  });
});
