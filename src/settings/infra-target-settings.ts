import { z } from "zod";
import { checkSafePath, SAFE_PATH_MAX_LENGTH } from "../infra/targets/safe-path.js";
import { ALLOWED_SSH_OPTIONS, checkSshHost, checkSshOption, checkSshUser, hasControlCharacter, SSH_HOST_MAX_LENGTH, SSH_OPTION_MAX_LENGTH } from "../infra/targets/ssh-options.js";

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

/**
 * A string that `check` accepts; its message is the refusal (the loader
 * appends the value), and `hint` becomes the diagnostic's hint.
 */
export function checkedString(check: (value: string) => string | undefined, jsonSchema: { pattern?: string; maxLength?: number } = {}, hint?: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = check(value);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, ...(hint ? { params: { hint } } : {}) });
    })
    .meta(jsonSchema);
}

/** Every path lands in shell commands and generated files (dnsmasq's `conf-dir=`): see `checkSafePath`. */
export const SafePath = checkedString(checkSafePath, { pattern: "^/[A-Za-z0-9._/-]+$", maxLength: SAFE_PATH_MAX_LENGTH });

/** Enough for a pipeline of a few commands; a reload is a command, not a script. */
export const RELOAD_MAX_LENGTH = 1024;
const RELOAD_MAX_ITEMS = 64;

/** `systemctl reload nginx` runs with `sh -c`; a list is run as is (argv, no shell). */
export const ReloadCommand = z
  // The metadata only tells editors the limits; the refinement below enforces them with positioned messages.
  .union([
    z.string().meta({ minLength: 1, maxLength: RELOAD_MAX_LENGTH }),
    z.array(z.string().meta({ minLength: 1 })).meta({ minItems: 1, maxItems: RELOAD_MAX_ITEMS }),
  ])
  .superRefine((command, ctx) => {
    const items = typeof command === "string" ? [command] : command;
    if (items.length === 0) ctx.addIssue({ code: "custom", message: "must not be empty" });
    if (items.length > RELOAD_MAX_ITEMS) ctx.addIssue({ code: "custom", message: `must have at most ${RELOAD_MAX_ITEMS} entries` });
    const total = items.reduce((sum, item) => sum + item.length, 0);
    if (total > RELOAD_MAX_LENGTH) ctx.addIssue({ code: "custom", message: `must be at most ${RELOAD_MAX_LENGTH} characters long in all` });
    items.forEach((item, i) => {
      const path = typeof command === "string" ? [] : [i];
      if (item.length === 0) ctx.addIssue({ code: "custom", path, message: "must not be empty" });
      // A newline would be a second command where the operator reviewed one line; NUL ends the argument early.
      else if (hasControlCharacter(item)) ctx.addIssue({ code: "custom", path, message: "must not contain control characters (newline, tab, NUL…)" });
    });
  })
  .transform((command): readonly string[] => (typeof command === "string" ? ["sh", "-c", command] : command));

/** Proxmox guest ids, as a number or a string of digits (`"101"`). */
const Ctid = z
  .union([z.string().meta({ pattern: "^[1-9][0-9]{2,8}$" }), z.number().meta({ type: "integer", minimum: 100, maximum: 999_999_999 })])
  .superRefine((id, ctx) => {
    const ok = typeof id === "number" ? Number.isInteger(id) && id >= 100 && id <= 999_999_999 : /^[1-9][0-9]{2,8}$/.test(id);
    if (!ok) ctx.addIssue({ code: "custom", message: "must be a Proxmox container id from 100 to 999999999" });
  })
  .transform((id) => String(id));

/** More than a few options is a configuration that belongs in the SSH client's own config file. */
const SSH_OPTIONS_MAX = 32;

/** The target schema of one output: its default path, and whether an LXC target may omit its CTID. */
export function infraTargetSettings(output: InfraTargetOutput) {
  const path = SafePath.default(DEFAULT_INFRA_PATHS[output]).describe(
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
      host: checkedString(checkSshHost, { maxLength: SSH_HOST_MAX_LENGTH }).describe(
        "Host name, IPv4 or IPv6 address, or `Host` alias of the SSH client configuration (letters, digits, `-` and `.`; never starting with `-`).",
      ),
      /** SSH port. */
      port: z.number().int().min(1).max(65535).optional().describe("SSH port. Default: the SSH client's (22)."),
      /** Remote user. */
      user: checkedString(checkSshUser, { pattern: "^[A-Za-z_][A-Za-z0-9_.-]{0,31}$" })
        .optional()
        .describe("Remote user: a letter or `_`, then up to 31 letters, digits, `.`, `_` and `-`. Default: the SSH client's."),
      /** Private key file on the machine Phoenix runs on. */
      identityFile: SafePath.optional().describe("Private key file on the machine Phoenix runs on (`ssh -i`): an absolute path."),
      /** Extra `-o` options. */
      sshOptions: z
        .array(checkedString(checkSshOption, { maxLength: SSH_OPTION_MAX_LENGTH }, `allowed ssh options: ${ALLOWED_SSH_OPTIONS.join(", ")}`))
        .max(SSH_OPTIONS_MAX)
        .optional()
        .describe(`Extra \`ssh -o\` options, e.g. \`StrictHostKeyChecking=yes\`, from an allow-list: ${ALLOWED_SSH_OPTIONS.join(", ")}.`),
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
