import type { Logger } from "../logger.js";
import { restoreEntry, type Target, type TargetEntry } from "../infra/targets/target.js";
import { CertificateError, describeError } from "./certificate-error.js";
import { DEFAULT_CERT_MODE, DEFAULT_KEY_MODE, type CertificatePlacement } from "./certificate-spec.js";

/** Where the pair that was replaced is kept (`<path>.previous`), so that an operator can put it back. */
export interface PreviousPair {
  readonly certPath: string;
  readonly keyPath: string;
}

export const PREVIOUS_SUFFIX = ".previous";

/**
 * Writes a new pair on its target: the previous pair (when there was one)
 * copied beside it first, then the key with its mode, then the full chain,
 * each atomically (temporary file, fsync, rename) and chowned as declared.
 * The key goes first so that a reader never finds a certificate whose key
 * is not there yet. If a write fails, both files get their previous content
 * back: nothing partial stays.
 */
export async function installCertificatePair(target: Target, placement: CertificatePlacement, pair: { keyPem: string; chainPem: string }, log: Logger): Promise<PreviousPair | undefined> {
  const keyMode = placement.mode ?? DEFAULT_KEY_MODE;
  const certMode = placement.mode ?? DEFAULT_CERT_MODE;
  const before = await readPair(target, placement);
  const previous = before.key.type === "file" && before.cert.type === "file" ? { certPath: placement.certPath + PREVIOUS_SUFFIX, keyPath: placement.keyPath + PREVIOUS_SUFFIX } : undefined;
  try {
    if (previous !== undefined && before.key.type === "file" && before.cert.type === "file") {
      await writeOwned(target, previous.keyPath, before.key.content, keyMode, placement.owner);
      await writeOwned(target, previous.certPath, before.cert.content, certMode, placement.owner);
    }
  } catch (err) {
    throw new CertificateError("write-failed", `keeping the previous pair on ${target.description} failed, nothing replaced: ${describeError(err)}`, { cause: err });
  }
  const written: [string, TargetEntry, number][] = [];
  try {
    written.push([placement.keyPath, before.key, keyMode]);
    await writeOwned(target, placement.keyPath, pair.keyPem, keyMode, placement.owner);
    written.push([placement.certPath, before.cert, certMode]);
    await writeOwned(target, placement.certPath, pair.chainPem, certMode, placement.owner);
  } catch (err) {
    for (const [path, entry, mode] of written.reverse()) {
      await restoreEntry(target, path, entry, mode).catch((restoreErr: unknown) => log.error({ path, target: target.description, err: describeError(restoreErr) }, "certificate restore failed"));
    }
    throw new CertificateError("write-failed", `writing the new pair on ${target.description} failed, the previous files are back: ${describeError(err)}`, { cause: err });
  }
  return previous;
}

/** chmod and chown the files as they are (`wrong-owner`, `wrong-mode`): no new key for a permission. */
export async function fixCertificatePermissions(target: Target, placement: CertificatePlacement): Promise<void> {
  for (const [path, mode] of [
    [placement.keyPath, placement.mode ?? DEFAULT_KEY_MODE],
    [placement.certPath, placement.mode ?? DEFAULT_CERT_MODE],
  ] as const) {
    if (placement.mode !== undefined) await must(target, ["chmod", mode.toString(8), "--", path]);
    if (placement.owner !== undefined) await must(target, ["chown", "--", placement.owner, path]);
  }
}

async function readPair(target: Target, placement: CertificatePlacement): Promise<{ key: TargetEntry; cert: TargetEntry }> {
  const [key, cert] = await Promise.all([target.read(placement.keyPath), target.read(placement.certPath)]);
  return { key, cert };
}

async function writeOwned(target: Target, path: string, content: string, mode: number, owner: string | undefined): Promise<void> {
  await target.writeFile(path, content, mode);
  if (owner !== undefined) await must(target, ["chown", "--", owner, path]);
}

async function must(target: Target, argv: readonly string[]): Promise<void> {
  const r = await target.run(argv);
  if (r.exitCode !== 0) throw new CertificateError("write-failed", `${argv.join(" ")} on ${target.description} exited ${r.exitCode}: ${r.stderr.trim()}`);
}
