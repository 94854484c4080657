import { InfraError } from "../../errors.js";
import { runLocalCommand } from "./local-target.js";
import type { ShellTransport } from "./shell-target.js";

export interface LxcTransportOptions {
  /** The container's CTID. */
  readonly ctid: string;
  /** The `pct` binary; default `pct` (tests point it at a stand-in). */
  readonly pct?: string;
}

/** Proxmox guest ids: 100 to 999999999. */
const CTID = /^[1-9][0-9]{2,8}$/;

/** A Proxmox LXC container, from the Proxmox host: `pct exec` and `pct push`. */
export function createLxcTransport(options: LxcTransportOptions): ShellTransport {
  // The settings schema checks the CTID too; this one keeps `pct exec -x …` impossible whoever calls.
  if (!CTID.test(options.ctid))
    throw new InfraError("apply", "INFRA_LXC_OPTIONS_INVALID", `lxc target refused: CTID ${JSON.stringify(options.ctid)} must be a Proxmox guest id from 100 to 999999999`);
  const pct = options.pct ?? "pct";
  const description = `lxc ${options.ctid}`;
  return {
    description,
    exec(argv) {
      return runLocalCommand([pct, "exec", options.ctid, "--", ...argv]);
    },
    async push(localFile, remotePath, mode) {
      const result = await runLocalCommand([pct, "push", options.ctid, localFile, remotePath, "--perms", mode.toString(8)]);
      if (result.exitCode !== 0)
        throw new InfraError("apply", "INFRA_PUSH_FAILED", `${description}: pct push to ${remotePath} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    },
  };
}
