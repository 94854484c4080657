import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installCertificatePair } from "../../../src/certs/install-certificate-pair.js";
import type { CertificatePlacement } from "../../../src/certs/certificate-spec.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import type { Target } from "../../../src/infra/targets/target.js";
import { createSilentLogger } from "../../../src/logger.js";

/** Atomic install of a pair on a real local target: key first, then the chain; a failed write leaves the previous files. */
let dir: string;
let placement: CertificatePlacement;
const pair = { keyPem: "NEW KEY\n", chainPem: "NEW CHAIN\n" };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-install-pair-"));
  placement = { holder: { kind: "host" }, certPath: path.join(dir, "ssl", "site.crt"), keyPath: path.join(dir, "ssl", "site.key"), owner: undefined, mode: 0o640, postRenewalCommand: undefined };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The local target, recording every write, failing the write of `failPath`. */
function createRecordingTarget(failPath?: string): { target: Target; writes: string[] } {
  const local = createLocalTarget();
  const writes: string[] = [];
  const target: Target = {
    ...local,
    async writeFile(file, content, mode) {
      if (file === failPath) throw new Error(`disk full writing ${file}`);
      writes.push(file);
      return local.writeFile(file, content, mode);
    },
  };
  return { target, writes };
}

const read = (file: string) => readFile(file, "utf8").catch(() => "missing");

describe("installCertificatePair", () => {
  it("writes the key before the chain, each with the declared mode, and keeps the previous pair beside them", async () => {
    const first = createRecordingTarget();
    expect(await installCertificatePair(first.target, placement, { keyPem: "OLD KEY\n", chainPem: "OLD CHAIN\n" }, createSilentLogger())).toBeUndefined();
    const { target, writes } = createRecordingTarget();
    const previous = await installCertificatePair(target, placement, pair, createSilentLogger());
    expect(writes).toEqual([`${placement.keyPath}.previous`, `${placement.certPath}.previous`, placement.keyPath, placement.certPath]);
    expect(previous).toEqual({ certPath: `${placement.certPath}.previous`, keyPath: `${placement.keyPath}.previous` });
    expect([await read(placement.keyPath), await read(placement.certPath), await read(`${placement.keyPath}.previous`)]).toEqual(["NEW KEY\n", "NEW CHAIN\n", "OLD KEY\n"]);
    for (const file of [placement.keyPath, placement.certPath]) expect(((await stat(file)).mode & 0o777).toString(8)).toBe("640");
  });

  it("puts the previous key back when the chain cannot be written: nothing partial stays", async () => {
    await installCertificatePair(createRecordingTarget().target, placement, { keyPem: "OLD KEY\n", chainPem: "OLD CHAIN\n" }, createSilentLogger());
    const { target } = createRecordingTarget(placement.certPath);
    await expect(installCertificatePair(target, placement, pair, createSilentLogger())).rejects.toMatchObject({
      code: "CERT_WRITE_FAILED",
      message: expect.stringContaining("the previous files are back: disk full"),
    });
    expect([await read(placement.keyPath), await read(placement.certPath)]).toEqual(["OLD KEY\n", "OLD CHAIN\n"]);
  });

  it("removes the new key again when there was no pair before and the chain cannot be written", async () => {
    const { target } = createRecordingTarget(placement.certPath);
    await expect(installCertificatePair(target, placement, pair, createSilentLogger())).rejects.toMatchObject({ code: "CERT_WRITE_FAILED" });
    expect([await read(placement.keyPath), await read(placement.certPath)]).toEqual(["missing", "missing"]);
  });

  it("replaces nothing when the previous pair cannot be kept", async () => {
    await installCertificatePair(createRecordingTarget().target, placement, { keyPem: "OLD KEY\n", chainPem: "OLD CHAIN\n" }, createSilentLogger());
    const { target } = createRecordingTarget(`${placement.keyPath}.previous`);
    await expect(installCertificatePair(target, placement, pair, createSilentLogger())).rejects.toMatchObject({ code: "CERT_WRITE_FAILED", message: expect.stringContaining("nothing replaced") });
    expect([await read(placement.keyPath), await read(placement.certPath)]).toEqual(["OLD KEY\n", "OLD CHAIN\n"]);
  });
});
