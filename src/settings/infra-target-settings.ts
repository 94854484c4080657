import { z } from "zod";

/**
 * Where one infrastructure output is written and how its daemon is reloaded,
 * mirroring the transports of `src/infra/targets/`: a file on the machine
 * Phoenix runs on (`createLocalTarget`), a Proxmox container reached with
 * `pct` (`createLxcTransport`), a host over SSH (`createSshTransport`), or
 * nowhere.
 */

/** The outputs a target is chosen for (certificates are written by the renewal manager, not by a target). */
export const INFRA_TARGET_OUTPUTS = ["dns", "firewall", "traefik", "nginx"] as const;
export type InfraTargetOutput = (typeof INFRA_TARGET_OUTPUTS)[number];

/**
 * Directory of each output's files on its target, as the bash tooling laid
 * them out: the rendered file names (`dnsmasq.conf`, `dnsmasq.d/…`, `101.fw`,
 * `dynamic_conf.yml`, `sites-available/gateway`) are relative to it.
 */
export const DEFAULT_INFRA_PATHS: Readonly<Record<InfraTargetOutput, string>> = {
  dns: "/etc",
  firewall: "/etc/pve/firewall",
  traefik: "/etc/traefik/dynamic",
  nginx: "/etc/nginx",
};

/** Phoenix runs on the Proxmox host: DNS and firewall there, Traefik and NGINX in their containers. */
export const DEFAULT_INFRA_KINDS: Readonly<Record<InfraTargetOutput, "local" | "lxc">> = {
  dns: "local",
  firewall: "local",
  traefik: "lxc",
  nginx: "lxc",
};

/** A container whose role the config decides: Traefik runs in the proxy guest, NGINX in the gateway. */
const ROLE_CONTAINERS: ReadonlySet<InfraTargetOutput> = new Set(["traefik", "nginx"]);

const ABSOLUTE_PATH = z
  .string()
  .refine((p) => p.startsWith("/") && !p.split("/").includes(".."), { error: "must be an absolute path without .." });

/** `systemctl reload nginx` runs with `sh -c`; a list is run as is (argv, no shell). */
const ReloadCommand = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((command): readonly string[] => (typeof command === "string" ? ["sh", "-c", command] : command));

const Ctid = z
  .union([z.string().regex(/^[1-9][0-9]*$/, { error: "must be a container id (a positive number)" }), z.number().int().positive()])
  .transform((id) => String(id));

/** The target schema of one output: its default path, and whether an LXC target may omit its CTID. */
export function infraTargetSettings(output: InfraTargetOutput) {
  const path = ABSOLUTE_PATH.default(DEFAULT_INFRA_PATHS[output]).describe(
    `Directory the ${output} files are written to on the target. Default: \`${DEFAULT_INFRA_PATHS[output]}\`.`,
  );
  const reload = ReloadCommand.optional().describe(
    "Command run on the target after the files changed and validated: a string (run with `sh -c`) or an argv list. Default: Phoenix's command for this output.",
  );
  const ctidDescription = ROLE_CONTAINERS.has(output)
    ? `CTID of the container. Default: the ${output === "traefik" ? "Traefik guest (feature `traefik`)" : "NGINX gateway guest"} of the config.`
    : "CTID of the container.";
  const target = z.discriminatedUnion("kind", [
    /** A file on the machine Phoenix runs on. */
    z.looseObject({
      /** `local` */
      kind: z.literal("local").describe("Files on the machine Phoenix runs on (normally the Proxmox host)."),
      /** Directory of the files. */
      path,
      /** Reload command. */
      reload,
    }),
    /** A Proxmox container, through `pct exec` / `pct push` on the machine Phoenix runs on. */
    z.looseObject({
      /** `lxc` */
      kind: z.literal("lxc").describe("A Proxmox LXC container, reached with `pct exec` and `pct push`."),
      /** CTID; optional where the config names the container. */
      ctid: Ctid.optional().describe(ctidDescription),
      /** Directory of the files. */
      path,
      /** Reload command. */
      reload,
    }),
    /** A host over SSH (`ssh` and `scp` in batch mode: keys only, never a password). */
    z.looseObject({
      /** `ssh` */
      kind: z.literal("ssh").describe("A host over SSH (`ssh`/`scp` with BatchMode: keys only, never a password)."),
      /** Host name, address or `Host` alias of the SSH config. */
      host: z.string().min(1).describe("Host name, address or `Host` alias of the SSH client configuration."),
      /** SSH port. */
      port: z.number().int().min(1).max(65535).optional().describe("SSH port. Default: the SSH client's (22)."),
      /** Remote user. */
      user: z.string().min(1).optional().describe("Remote user. Default: the SSH client's."),
      /** Private key file on the machine Phoenix runs on. */
      identityFile: z.string().min(1).optional().describe("Private key file on the machine Phoenix runs on (`ssh -i`)."),
      /** Extra `-o` options. */
      sshOptions: z.array(z.string().min(1)).optional().describe("Extra `ssh -o` options, e.g. `StrictHostKeyChecking=yes`."),
      /** Directory of the files. */
      path,
      /** Reload command. */
      reload,
    }),
    /** Not deployed. */
    z.looseObject({
      /** `none` */
      kind: z.literal("none").describe("Phoenix does not deploy this output: it neither reads nor writes it."),
    }),
  ]);
  return target.superRefine((value, ctx) => {
    // Only Traefik and NGINX have a container the config names; DNS and the firewall need the CTID spelled out.
    if (value.kind === "lxc" && value.ctid === undefined && !ROLE_CONTAINERS.has(output))
      ctx.addIssue({ code: "custom", path: ["ctid"], message: `missing required key "ctid": the config does not say which container runs ${output}` });
  });
}

export type InfraTargetSettings = z.output<ReturnType<typeof infraTargetSettings>>;

/** The default target of an output, as a settings value. */
export function defaultInfraTarget(output: InfraTargetOutput): InfraTargetSettings {
  return infraTargetSettings(output).parse({ kind: DEFAULT_INFRA_KINDS[output] });
}
