import { describe, expect, it } from "vitest";
import { GuestAddress, InterfaceName, isPortList, NameserverList, PortList, SafeAbsolutePath, SingleLineText } from "../../../src/config/schemas/primitives.js";
import { TraefikLabel } from "../../../src/config/schemas/traefik-label.js";
import { FirewallAddress, FirewallMacro, FirewallProtocol } from "../../../src/config/schemas/firewall-rule.js";
import { isSecretName } from "../../../src/config/secret-names.js";

describe("value types", () => {
  it("accepts the port forms Proxmox writes, every port in range and every range ascending", () => {
    expect(["80", "80,443", "8000:8010", "1,65535", "22,8000:8010"].filter(isPortList)).toEqual(["80", "80,443", "8000:8010", "1,65535", "22,8000:8010"]);
    expect(["0", "65536", "80,", "8010:8000", "80-90", " 80", "080", ""].filter(isPortList)).toEqual([]);
  });

  it("accepts a CIDR or dhcp as a guest address", () => {
    expect(["10.0.0.5/24", "dhcp", "0.0.0.0/0"].map((v) => GuestAddress.safeParse(v).success)).toEqual([true, true, true]);
    expect(["10.0.0.5", "10.0.0.256/24", "10.0.0.5/33", "DHCP", "10.0.0.5/24 "].map((v) => GuestAddress.safeParse(v).success)).toEqual([false, false, false, false, false]);
  });

  it("accepts resolvers separated by spaces or commas", () => {
    expect(["10.0.0.13", "8.8.8.8 1.1.1.1", "8.8.8.8,1.1.1.1"].map((v) => NameserverList.safeParse(v).success)).toEqual([true, true, true]);
    expect(["8.8.8.8;1.1.1.1", "dns.example"].map((v) => NameserverList.safeParse(v).success)).toEqual([false, false]);
  });

  it("treats variables named like credentials as secrets", () => {
    expect(["DATABASE_PASS", "db_password", "API_TOKEN", "SECRET", "SSH_KEY", "aws_credentials", "API_PORT", "DATABASE_USER"].map(isSecretName)).toEqual([
      true, true, true, true, true, true, false, false,
    ]);
  });
});

describe("formats of values written into generated files", () => {
  const accepts = (schema: { safeParse: (v: unknown) => { success: boolean } }, values: readonly string[]) => values.filter((v) => schema.safeParse(v).success);

  it("accepts Linux interface names only", () => {
    expect(accepts(InterfaceName, ["vmbr0", "net0", "eth0", "eth0.100", "bond0:1", "vmbr0v100", "a23456789012345"])).toHaveLength(7);
    expect(accepts(InterfaceName, ["", "vmbr0\nIN ACCEPT", "vmbr0 ", "-i", "net0#", "a234567890123456", "vmbr0;", "vmbr\u20280"])).toEqual([]);
  });

  it("accepts absolute paths of plain characters without '..'", () => {
    expect(accepts(SafeAbsolutePath, ["/", "/etc/nginx/ssl/nginx.internal.example.test.key", "/mnt/pve/quickOS/lxc-persistent-data/101/ssl", "/a/..b/c..", "/a/./b"])).toHaveLength(5);
    expect(
      accepts(SafeAbsolutePath, [
        "",
        "etc/key",
        "/etc/key;\n location /loot/ { alias /etc/; autoindex on; }",
        "/etc/$ssl_server_name.crt",
        "/etc/a b",
        "/etc/a#b",
        "/etc/../shadow",
        "/etc/..",
        "/etc/'k'",
        "/etc/k\u0000",
        "/etc/\u00e9",
        `/${"a".repeat(1024)}`,
      ]),
    ).toEqual([]);
  });

  it("accepts one line of printable text, any language, as a comment", () => {
    const comment = SingleLineText(256);
    expect(accepts(comment, ["", "Allow Step CA (10.0.0.10) to connect for ACME validation", "# not a rule; {x} \"q\" \\ $HOME", "Zugriff für Prometheus — 監視"])).toHaveLength(4);
    expect(
      accepts(comment, ["a\ud800b", "a\udc00", "a\nb", "a\rb", "a\tb", "a\u0000b", "a\u0085b", "a\u2028b", "a\u2029b", "a\u007fb", "a\u202eb", "a\u2066b", "x".repeat(257)]),
    ).toEqual([]);
  });

  it("accepts firewall sources and destinations only as addresses, ranges, lists, aliases and ipsets", () => {
    expect(
      accepts(FirewallAddress, ["10.0.0.5", "10.0.0.0/24", "10.0.0.1-10.0.0.9", "10.0.0.1,10.0.0.2", "10.0.0.1 , 10.0.0.2", "+trusted", "+dc/set", "dc/alias", "fe80::1/64", "!10.0.0.5"]),
    ).toHaveLength(10);
    expect(accepts(FirewallAddress, ["", "10.0.0.0/24 -dport 1:65535", "+trusted#", "-dport", "10.0.0.5\nIN ACCEPT", "10.0.0.256", "10.0.0.0/33", "a;b", " 10.0.0.5"])).toEqual([]);
  });

  it("accepts protocol and macro names only", () => {
    expect(accepts(FirewallProtocol, ["tcp", "udp", "icmp", "ipv6-icmp", "6"])).toHaveLength(5);
    expect(accepts(FirewallProtocol, ["", "-p", "TCP", "tcp udp", "tcp\n"])).toEqual([]);
    expect(accepts(FirewallMacro, ["SSH", "HTTP", "BitTorrent32", "PostgreSQL"])).toHaveLength(4);
    expect(accepts(FirewallMacro, ["", "ssh", "SSH(ACCEPT)", "SSH\nIN ACCEPT", "S-H"])).toEqual([]);
  });
});

describe("very long values", () => {
  it("are one 'too long' issue, checked before any pattern (a list regex overflows the stack on megabytes)", () => {
    const cases: [{ safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, string, number][] = [
      [FirewallAddress, `${"10.0.0.1,".repeat(400_000)}10.0.0.1`, 512],
      [PortList, `${"80,".repeat(1_000_000)}80`, 512],
      [SingleLineText(256), "x".repeat(3_000_000), 256],
      [SafeAbsolutePath, `/${"a/".repeat(1_000_000)}`, 1024],
      [TraefikLabel, `traefik.http.routers.a.rule=${"Host(`a`) || ".repeat(300_000)}Host(\`a\`)`, 4352],
    ];
    for (const [schema, value, max] of cases) {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual([`must be at most ${max} characters long`]);
    }
  });
});
