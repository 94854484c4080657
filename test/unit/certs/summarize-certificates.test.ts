import { describe, expect, it } from "vitest";
import type { CertificateState } from "../../../src/certs/certificate-status.js";
import { summarizeCertificates } from "../../../src/certs/summarize-certificates.js";
import type { CertificateSyncResult } from "../../../src/certs/sync-certificates.js";

const now = new Date("2026-12-06T12:00:00Z");
const state = (commonName: string, status: CertificateState["status"], notAfter?: string): CertificateState => ({
  commonName,
  sans: [commonName],
  certPath: `/ssl/${commonName}.crt`,
  keyPath: `/ssl/${commonName}.key`,
  holder: "host",
  ...(notAfter ? { notAfter } : {}),
  status,
  reason: `${status} because`,
  action: status === "valid" ? "none" : "issue",
});
const result = (commonName: string, outcome: CertificateSyncResult["outcome"], extra: Partial<CertificateSyncResult> = {}): CertificateSyncResult => ({
  commonName,
  holder: "host",
  status: "due",
  outcome,
  installed: outcome === "issued",
  ...extra,
});

describe("summarizeCertificates", () => {
  it("is ok when every certificate is valid or was issued, with days to expiry of the pair now in place", () => {
    const summary = summarizeCertificates(
      [state("a.example.test", "valid", "2027-01-05T12:00:00Z"), state("b.example.test", "due", "2026-12-10T12:00:00Z")],
      [result("b.example.test", "issued", { notAfter: "2027-03-06T00:00:00Z" })],
      [{ holder: "host", outcome: "unchanged" }],
      now,
    );
    expect(summary.ok).toBe(true);
    expect(summary.certificates.map((c) => [c.commonName, c.status, c.daysToExpiry])).toEqual([
      ["a.example.test", "valid", 30],
      ["b.example.test", "valid", 89],
    ]);
    expect(summary.description).toBe("2 certificates valid, the next expires in 30 days");
  });

  it("fails with the reason of a failed issuance, a backoff, a certificate nothing could be done for, or a trust store", () => {
    const summary = summarizeCertificates(
      [state("a.example.test", "due", "2026-12-08T00:00:00Z"), state("b.example.test", "missing"), state("c.example.test", "unreadable"), state("d.example.test", "expired", "2026-12-01T12:00:00Z")],
      [result("a.example.test", "failed", { error: "cannot reach the ACME directory" }), result("b.example.test", "skipped", { error: "backing off" })],
      [{ holder: "lxc 101", outcome: "failed", error: "pct refused" }],
      now,
    );
    expect(summary.ok).toBe(false);
    expect(summary.certificates.map((c) => [c.commonName, c.ok, c.daysToExpiry, c.reason])).toEqual([
      ["a.example.test", false, 1, "cannot reach the ACME directory"],
      ["b.example.test", false, undefined, "backing off"],
      ["c.example.test", false, undefined, "unreadable because"],
      ["d.example.test", false, -5, "expired because"],
    ]);
    expect(summary.description).toBe("5 not valid: a.example.test: due; b.example.test: missing; c.example.test: unreadable; d.example.test: expired; CA root in lxc 101: failed");
  });

  it("keeps the description within a commit status's 140 characters", () => {
    const many = Array.from({ length: 20 }, (_, i) => state(`host-${i}.internal.example.test`, "missing"));
    const summary = summarizeCertificates(many, [], [], now);
    expect(summary.description).toHaveLength(140);
    expect(summary.description.endsWith("…")).toBe(true);
  });
});
