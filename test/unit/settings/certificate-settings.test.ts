import { describe, expect, it } from "vitest";
import { normalizeFingerprint, parseDuration, parseNameserver } from "../../../src/settings/certificate-settings.js";
import { parseRepoSettings } from "../../../src/settings/load-repo-settings.js";

const load = (yaml: string) => parseRepoSettings(`certificates:\n  directoryUrl: https://127.0.0.1:14000/dir\n  accountKey: /etc/phoenix/acme.key\n${yaml}`);

describe("certificates: settings", () => {
  it("default to ECDSA P-256 over DNS-01, checked on port 443, placed on this machine", () => {
    const { settings, diagnostics } = load("");
    expect(diagnostics).toEqual([]);
    expect(settings.certificates).toMatchObject({ keyAlgorithm: "ecdsa-p256", challenge: "dns-01", verifyPort: 443, host: { kind: "local" }, trustStoreDir: "/usr/local/share/ca-certificates" });
  });

  it("refuse what would connect or write somewhere else than it says, at the key's line", () => {
    const bad: [Record<string, string>, string][] = [
      [{ directoryUrl: "http://ca/dir" }, "certificates.directoryUrl"],
      [{ accountKey: "../acme.key" }, "certificates.accountKey"],
      [{ renewBefore: "3 weeks" }, "certificates.renewBefore"],
      [{ dnsNameserver: "ns.example" }, "certificates.dnsNameserver"],
      [{ caRoot: "{ url: https://ca/roots.pem }" }, "certificates.caRoot"],
      [{ caRoot: `{ file: /etc/root.pem, url: https://ca/roots.pem, sha256: ${"ab".repeat(32)} }` }, "certificates.caRoot"],
      [{ trustStoreUpdate: '"update-ca-certificates\\nrm -rf /"' }, "certificates.trustStoreUpdate"],
      [{ host: "{ kind: ssh, host: -oProxyCommand=x }" }, "certificates.host.host"],
    ];
    for (const [override, path] of bad) {
      const keys = { directoryUrl: "https://127.0.0.1:14000/dir", accountKey: "/etc/phoenix/acme.key", ...override };
      const yaml = `certificates:\n${Object.entries(keys).map(([k, v]) => `  ${k}: ${v}\n`).join("")}`;
      const { diagnostics } = parseRepoSettings(yaml);
      expect({ yaml, errors: diagnostics.filter((d) => d.severity === "error").map((d) => d.path) }).toEqual({ yaml, errors: [path] });
      expect(diagnostics[0]?.line).toBeGreaterThan(1);
    }
  });

  it("read durations, nameservers and fingerprints as operators write them", () => {
    expect(parseDuration("720h")).toBe(720 * 3_600_000);
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("1h30m")).toBe(90 * 60_000);
    expect(parseDuration("0s")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
    expect(parseNameserver("10.0.0.2")).toEqual({ host: "10.0.0.2", port: 53 });
    expect(parseNameserver("127.0.0.5:5353")).toEqual({ host: "127.0.0.5", port: 5353 });
    expect(parseNameserver("[fd00::2]:53")).toEqual({ host: "fd00::2", port: 53 });
    expect(parseNameserver("fd00::2")).toEqual({ host: "fd00::2", port: 53 });
    expect(parseNameserver("ns.example:53")).toBeUndefined();
    const hex = "AB".repeat(32);
    expect(normalizeFingerprint(hex.match(/../g)?.join(":") ?? "")).toBe("ab".repeat(32));
    expect(normalizeFingerprint(hex)).toBe("ab".repeat(32));
    expect(normalizeFingerprint("AB:CD")).toBeUndefined();
  });
});
