import type { LxcTransportOptions } from "../infra/targets/lxc-transport.js";
import type { SshTransportOptions } from "../infra/targets/ssh-transport.js";
import type { InfraTargetSettings } from "./infra-target-settings.js";

export type SshTargetSettings = Extract<InfraTargetSettings, { kind: "ssh" }>;
export type LxcTargetSettings = Extract<InfraTargetSettings, { kind: "lxc" }>;

/** The options of `createSshTransport` for an `ssh` target: `user@host` is ssh's destination. */
export function toSshTransportOptions(target: SshTargetSettings): SshTransportOptions {
  return {
    destination: target.user === undefined ? target.host : `${target.user}@${target.host}`,
    ...(target.port === undefined ? {} : { port: target.port }),
    ...(target.identityFile === undefined ? {} : { identityFile: target.identityFile }),
    ...(target.sshOptions === undefined ? {} : { sshOptions: target.sshOptions }),
  };
}

/**
 * The options of `createLxcTransport` for an `lxc` target; `roleCtid` is the
 * guest the config gives the output's role (the proxy or the gateway), used
 * when the settings name no container. Undefined when neither does.
 */
export function toLxcTransportOptions(target: LxcTargetSettings, roleCtid: string | undefined): LxcTransportOptions | undefined {
  const ctid = target.ctid ?? roleCtid;
  return ctid === undefined ? undefined : { ctid };
}
