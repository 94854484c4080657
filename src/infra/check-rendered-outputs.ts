import type { RenderedOutput } from "./rendered-output.js";
import { firewallFileKind, validateFirewallFile } from "./firewall/validate-firewall-file.js";
import { validateTraefikConfig } from "./traefik/validate-traefik-config.js";

/**
 * The checks that need no daemon (Traefik schema, firewall round trip), run
 * on every render: a failure here is a Phoenix bug, never a config problem.
 */
export function checkRenderedOutputs(outputs: readonly RenderedOutput[]): string[] {
  const problems: string[] = [];
  for (const output of outputs) {
    for (const file of output.files) {
      const found =
        output.id === "traefik" ? validateTraefikConfig(file.content) : output.id === "firewall" ? validateFirewallFile(file.content, firewallFileKind(file.name)) : [];
      problems.push(...found.map((p) => `${output.id}/${file.name}: ${p}`));
    }
  }
  return problems;
}
