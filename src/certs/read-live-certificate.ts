import type { Target } from "../infra/targets/target.js";
import type { CertificatePlacement } from "./certificate-spec.js";
import type { LiveCertificate, LiveFile } from "./plan-certificate-status.js";

/**
 * Reads a certificate's files through its target, with their owner and
 * mode (`stat` on the target: the same on a host, over SSH and in a
 * container). A target that cannot be read is a result, not a throw; its
 * message names the target and the path, never the content.
 */
export async function readLiveCertificate(target: Target, placement: CertificatePlacement): Promise<LiveCertificate> {
  try {
    const [cert, key] = await Promise.all([readLiveFile(target, placement.certPath), readLiveFile(target, placement.keyPath)]);
    return { readable: true, cert, key };
  } catch (err) {
    return { readable: false, problem: `cannot read the files on ${target.description}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function readLiveFile(target: Target, path: string): Promise<LiveFile> {
  const entry = await target.read(path);
  if (entry.type !== "file") return entry.type === "missing" ? { type: "missing" } : { type: "symlink" };
  const stat = await target.run(["stat", "-c", "%U:%G %a", "--", path]);
  const match = /^(\S+) ([0-7]{3,4})\s*$/.exec(stat.stdout);
  if (stat.exitCode !== 0 || match === null) throw new Error(`stat ${path} failed: ${stat.stderr.trim() || `exit ${stat.exitCode}`}`);
  return { type: "file", content: entry.content, owner: match[1] as string, mode: parseInt(match[2] as string, 8) };
}
