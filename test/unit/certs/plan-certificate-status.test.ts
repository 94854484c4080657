import { X509Certificate } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CertificateSpec } from "../../../src/certs/certificate-spec.js";
import { CERTIFICATE_STATUSES, type CertificateState } from "../../../src/certs/certificate-status.js";
import { planCertificateStatus, type LiveCertificate, type StatusContext } from "../../../src/certs/plan-certificate-status.js";
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from "./make-certificates.js";

const NAMES = ["gw.internal.example.test", "app.internal.example.test"];
let dir: string;
let ca: TestCa;
let otherCa: TestCa;
let leaf: TestLeaf;
let rsaLeaf: TestLeaf;
let foreign: TestLeaf;
let otherNames: TestLeaf;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-cert-status-"));
  ca = await makeCa(dir, "Phoenix Test Root");
  otherCa = await makeCa(dir, "Somebody Else");
  leaf = await makeLeaf(dir, ca, NAMES, { id: "leaf", days: 30 });
  rsaLeaf = await makeLeaf(dir, ca, NAMES, { id: "rsa", keyType: "rsa" });
  foreign = await makeLeaf(dir, otherCa, NAMES, { id: "foreign" });
  otherNames = await makeLeaf(dir, ca, ["gw.internal.example.test", "old.internal.example.test"], { id: "names" });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const spec = (overrides: Partial<NonNullable<CertificateSpec["placement"]>> = {}): CertificateSpec => ({
  index: 0,
  commonName: NAMES[0] as string,
  names: NAMES,
  keyAlgorithm: "ecdsa-p256",
  placement: { holder: { kind: "host" }, certPath: "/ssl/gw.crt", keyPath: "/ssl/gw.key", owner: "root:www-data", mode: 0o640, postRenewalCommand: undefined, ...overrides },
});
type ReadableFiles = Extract<LiveCertificate, { readable: true }>;
const files = (pair: TestLeaf, meta: { owner?: string; keyMode?: number; certMode?: number } = {}): ReadableFiles => ({
  readable: true,
  cert: { type: "file", content: pair.chainPem, owner: meta.owner ?? "root:www-data", mode: meta.certMode ?? 0o640 },
  key: { type: "file", content: pair.keyPem, owner: meta.owner ?? "root:www-data", mode: meta.keyMode ?? 0o640 },
});
const DAY = 86_400_000;
const context = (days = 0, extra: Partial<StatusContext> = {}): StatusContext => ({ now: new Date(Date.now() + days * DAY), renewBeforeMs: undefined, caRoot: new X509Certificate(ca.pem), ...extra });
const plan = (live: LiveCertificate | undefined, c = context(), s = spec()) => planCertificateStatus(s, live, c);

describe("the status of a live certificate", () => {
  it("is valid inside its lifetime, with the date it renews from (a third before its end)", () => {
    const state = plan(files(leaf));
    expect(state).toMatchObject({ status: "valid", action: "none", sans: NAMES, certPath: "/ssl/gw.crt", holder: "host" });
    expect(state.reason).toMatch(/^expires in (29|30) days \(.*\); renewed from /);
    const renewFrom = new Date(/renewed from (\S+)$/.exec(state.reason)?.[1] ?? "").getTime();
    expect(Math.abs(new Date(state.notAfter ?? "").getTime() - renewFrom - 10 * DAY)).toBeLessThan(DAY);
  });

  it("is due in the last third of its lifetime, or inside renewBefore when set", () => {
    expect(plan(files(leaf), context(21))).toMatchObject({ status: "due", action: "issue" });
    expect(plan(files(leaf), context(19)).status).toBe("valid");
    expect(plan(files(leaf), context(5, { renewBeforeMs: 26 * DAY }))).toMatchObject({ status: "due", reason: expect.stringContaining("certificates.renewBefore") });
  });

  it("is expired past its notAfter", () => {
    expect(plan(files(leaf), context(31))).toMatchObject({ status: "expired", action: "issue", reason: expect.stringMatching(/^expired on .* ago\)$/) });
  });

  it("is missing without a certificate or a key, and unreadable when a file is no PEM", () => {
    expect(plan({ readable: true, cert: { type: "missing" }, key: { type: "missing" } })).toMatchObject({ status: "missing", reason: "no certificate at /ssl/gw.crt", sans: NAMES });
    expect(plan({ ...files(leaf), key: { type: "missing" } })).toMatchObject({ status: "missing", reason: "no private key at /ssl/gw.key" });
    expect(plan({ ...files(leaf), cert: { type: "file", content: "garbage", owner: "root:root", mode: 0o644 } })).toMatchObject({ status: "unreadable", action: "issue" });
    expect(plan({ readable: false, problem: "cannot read the files on ssh pve: refused" })).toMatchObject({ status: "unreadable", action: "none", reason: "cannot read the files on ssh pve: refused" });
  });

  it("is a mismatch when the key belongs to another certificate or is of another type than configured", () => {
    expect(plan({ ...files(leaf), key: files(foreign).key })).toMatchObject({ status: "mismatch", action: "issue" });
    expect(plan(files(rsaLeaf))).toMatchObject({ status: "mismatch", reason: "the key is rsa-2048, certificates.keyAlgorithm asks for ecdsa-p256" });
  });

  it("says which names the manifest adds and removes", () => {
    expect(plan(files(otherNames))).toMatchObject({
      status: "sans-differ",
      namesAdded: ["app.internal.example.test"],
      namesRemoved: ["old.internal.example.test"],
      reason: "the manifest adds app.internal.example.test and removes old.internal.example.test",
      sans: ["gw.internal.example.test", "old.internal.example.test"],
    });
  });

  it("is wrong-issuer when it does not chain to the configured root, and not checked without one", () => {
    expect(plan(files(foreign))).toMatchObject({ status: "wrong-issuer", reason: expect.stringContaining("CN=Somebody Else") });
    expect(plan(files(foreign), context(0, { caRoot: undefined })).status).toBe("valid");
  });

  it("checks the declared owner and mode of both files, and fixes them without reissuing", () => {
    expect(plan(files(leaf, { owner: "root:root" }))).toMatchObject({ status: "wrong-owner", action: "fix-permissions", reason: "the key is owned by root:root, the manifest says root:www-data" });
    expect(plan(files(leaf, { certMode: 0o644 }))).toMatchObject({ status: "wrong-mode", action: "fix-permissions", reason: "the certificate has mode 644, the manifest says 640" });
    expect(plan(files(leaf, { owner: "root:root" }), context(), spec({ owner: "root" })).status).toBe("valid");
    expect(plan(files(leaf, { keyMode: 0o600 }), context(), spec({ mode: undefined })).status).toBe("valid");
  });

  it("reads nothing for a certificate the trusted ref does not place", () => {
    expect(plan(undefined, context(), { ...spec(), placement: undefined })).toMatchObject({ status: "missing", action: "none", certPath: undefined });
  });

  it("never puts key material in what it returns", () => {
    const all: CertificateState[] = [plan(files(leaf)), plan({ ...files(leaf), key: files(foreign).key }), plan(files(rsaLeaf)), plan(files(leaf), context(40))];
    const keyBody = (pem: string) => pem.split("\n").filter((l) => l && !l.startsWith("-----"));
    for (const state of all) {
      const text = JSON.stringify(state);
      for (const line of [...keyBody(leaf.keyPem), ...keyBody(foreign.keyPem), ...keyBody(rsaLeaf.keyPem)]) expect(text).not.toContain(line);
      expect(CERTIFICATE_STATUSES).toContain(state.status);
    }
  });
});
