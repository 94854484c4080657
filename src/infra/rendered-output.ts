import type { Diagnostic } from "../errors.js";

/** Which infrastructure output a file belongs to. */
export type InfraOutputId = "dns" | "firewall" | "traefik" | "nginx";

/**
 * One generated file, named relative to its output's directory
 * (`dnsmasq.d/00-phoenix-internal.conf`, `101.fw`). Where it lands on a
 * target is decided by the deployment, not by the renderer.
 */
export interface RenderedFile {
  readonly name: string;
  readonly content: string;
}

export interface RenderedOutput {
  readonly id: InfraOutputId;
  readonly files: readonly RenderedFile[];
  readonly warnings: readonly Diagnostic[];
}
