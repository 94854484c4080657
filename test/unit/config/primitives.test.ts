import { describe, expect, it } from "vitest";
import { GuestAddress, isPortList, NameserverList } from "../../../src/config/schemas/primitives.js";
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
