import { createLocalTarget } from "../infra/targets/local-target.js";
import { createLxcTransport, type LxcTransportOptions } from "../infra/targets/lxc-transport.js";
import { createShellTarget, type ShellTransport } from "../infra/targets/shell-target.js";
import { createSshTransport, type SshTransportOptions } from "../infra/targets/ssh-transport.js";
import type { Target } from "../infra/targets/target.js";
import type { CertificateSettings } from "../settings/certificate-settings.js";
import type { CertificateHolder } from "./certificate-spec.js";

/** How the certificates stage reaches containers and SSH hosts; tests swap in stand-ins (a `pct` script). */
export interface CertificateTransports {
  readonly lxc: (options: LxcTransportOptions) => ShellTransport;
  readonly ssh: (options: SshTransportOptions) => ShellTransport;
}

const REAL_TRANSPORTS: CertificateTransports = { lxc: createLxcTransport, ssh: createSshTransport };

/** The machines certificate files and trust stores live on. */
export interface CertificateTargets {
  /** The holder's target, or a reason it cannot be reached from here. */
  forHolder(holder: CertificateHolder): Target | { readonly unreachable: string };
}

/**
 * The host of the manifest paths is `certificates.host` (this machine, or
 * an SSH host); a guest is its container through `pct`. A VM has no
 * transport Phoenix could write through yet: it is reported, not guessed.
 */
export function createCertificateTargets(settings: CertificateSettings, transports: CertificateTransports = REAL_TRANSPORTS): CertificateTargets {
  const hostSettings = settings.host;
  let host: Target | undefined;
  const containers = new Map<string, Target>();
  return {
    forHolder(holder) {
      if (holder.kind === "vm") return { unreachable: `VM ${holder.vmid}: Phoenix writes into LXC guests (pct) and hosts (local, ssh) only; list the files by their host path` };
      if (holder.kind === "lxc") {
        const known = containers.get(holder.ctid);
        if (known) return known;
        const target = createShellTarget(transports.lxc({ ctid: holder.ctid }));
        containers.set(holder.ctid, target);
        return target;
      }
      host ??=
        hostSettings.kind === "local"
          ? createLocalTarget()
          : createShellTarget(
              transports.ssh({
                destination: hostSettings.user === undefined ? hostSettings.host : `${hostSettings.user}@${hostSettings.host}`,
                ...(hostSettings.port === undefined ? {} : { port: hostSettings.port }),
                ...(hostSettings.identityFile === undefined ? {} : { identityFile: hostSettings.identityFile }),
                ...(hostSettings.sshOptions === undefined ? {} : { sshOptions: hostSettings.sshOptions }),
              }),
            );
      return host;
    },
  };
}
