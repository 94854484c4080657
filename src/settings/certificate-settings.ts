import { isIP, isIPv6 } from "node:net";
import { z } from "zod";
import { ALLOWED_SSH_OPTIONS, checkSshHost, checkSshOption, checkSshUser, SSH_HOST_MAX_LENGTH, SSH_OPTION_MAX_LENGTH } from "../infra/targets/ssh-options.js";
import { checkedString, ReloadCommand, SafePath } from "./infra-target-settings.js";

/**
 * `certificates:` of `.github/phoenix.yml`: how Phoenix issues, renews and
 * installs the certificates of `etc/certificate-manifest.json` over ACME
 * (docs/settings.md#certificates). Absent: Phoenix manages no certificate.
 * Everything here but `renewBefore` and `keyAlgorithm` decides what Phoenix
 * connects to, reads or writes, so a pull request is planned with the
 * trusted ref's values (src/trust/trusted-settings.ts).
 */

/** A URL is printed in plans and logs: long enough for any ACME directory. */
export const ACME_URL_MAX_LENGTH = 512;

// https://host[:port]/path, the host a name, an IPv4 or a bracketed IPv6 address; a path of URL-safe characters only.
const HTTPS_URL = /^https:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$/;

/** Why `value` is not an `https://` URL Phoenix may connect to, or undefined when it is. */
export function checkHttpsUrl(value: string): string | undefined {
  if (value.length > ACME_URL_MAX_LENGTH) return `must be at most ${ACME_URL_MAX_LENGTH} characters long`;
  const match = HTTPS_URL.exec(value);
  const host = match?.[1];
  if (match === null || host === undefined) return "must be an https:// URL (ACME runs over HTTPS only)";
  const hostOk = host.startsWith("[") ? isIPv6(host.slice(1, -1)) : checkSshHost(host) === undefined;
  if (!hostOk) return "must be an https:// URL with a host name or address as host";
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return "must be an https:// URL with a port from 1 to 65535";
  return undefined;
}

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const UNIT_MS = [86_400_000, 3_600_000, 60_000, 1000] as const;

/** `720h`, `30d`, `1h30m`, `90s` in milliseconds; undefined when it is no such duration (or zero). */
export function parseDuration(value: string): number | undefined {
  const match = DURATION.exec(value);
  if (match === null || value === "") return undefined;
  const ms = UNIT_MS.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * unit, 0);
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** A nameserver as `address` or `address:port` (`[v6]:port`); names would need a resolver to find the resolver. */
export function parseNameserver(value: string): { host: string; port: number } | undefined {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::([0-9]{1,5}))?$/.exec(value);
  const plain = /^([0-9.]+)(?::([0-9]{1,5}))?$/.exec(value);
  const match = bracketed ?? plain;
  const host = match?.[1];
  if (!match || host === undefined || isIP(host) === 0) return isIPv6(value) ? { host: value, port: 53 } : undefined;
  const port = match[2] === undefined ? 53 : Number(match[2]);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/** `AB:CD:…` (as openssl prints it) or plain hex, normalised to 64 lower-case hex digits. */
export function normalizeFingerprint(value: string): string | undefined {
  const hex = value.replace(/:/g, "").toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) && (!value.includes(":") || /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/.test(value)) ? hex : undefined;
}

export const KEY_ALGORITHMS = ["ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export const CHALLENGE_TYPES = ["dns-01", "http-01"] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];

export const DEFAULT_TRUST_STORE_DIR = "/usr/local/share/ca-certificates";
export const DEFAULT_HTTP01_WEBROOT = "/var/lib/phoenix/acme-challenge";

const HttpsUrl = checkedString(checkHttpsUrl, { maxLength: ACME_URL_MAX_LENGTH });

/** Where the manifest's host paths are: this machine, or a host over SSH (the same rules as an ssh infra target). */
const CertificateHost = z.discriminatedUnion("kind", [
  z.looseObject({
    /** `local` */
    kind: z.literal("local").describe("The machine Phoenix runs on (normally the Proxmox host)."),
  }),
  z.looseObject({
    /** `ssh` */
    kind: z.literal("ssh").describe("A host over SSH (`ssh`/`scp` with BatchMode)."),
    host: checkedString(checkSshHost, { maxLength: SSH_HOST_MAX_LENGTH }).describe("Host name, address or ssh-config alias."),
    port: z.number().int().min(1).max(65535).optional().describe("SSH port. Default: the SSH client's (22)."),
    user: checkedString(checkSshUser, { pattern: "^[A-Za-z_][A-Za-z0-9_.-]{0,31}$" }).optional().describe("Remote user. Default: the SSH client's."),
    identityFile: SafePath.optional().describe("Private key file on the machine Phoenix runs on (`ssh -i`)."),
    sshOptions: z
      .array(checkedString(checkSshOption, { maxLength: SSH_OPTION_MAX_LENGTH }, `allowed ssh options: ${ALLOWED_SSH_OPTIONS.join(", ")}`))
      .max(32)
      .optional()
      .describe("Extra `ssh -o` options, from the same allow-list as the infra targets."),
  }),
]);

const CaRoot = z
  .looseObject({
    /** PEM file of the root on the machine Phoenix runs on. */
    file: SafePath.optional().describe("PEM file of the CA root on the machine Phoenix runs on."),
    /** Where the CA serves its root (Step-CA: `https://ca:9000/roots.pem`). */
    url: HttpsUrl.optional().describe("URL the CA serves its root at; needs `sha256`."),
    /** SHA-256 fingerprint the fetched root must have. */
    sha256: z
      .string()
      .refine((v) => normalizeFingerprint(v) !== undefined, { message: "must be a SHA-256 fingerprint: 64 hex digits, optionally AB:CD:… pairs" })
      .optional()
      .describe("SHA-256 fingerprint of the root (`openssl x509 -noout -fingerprint -sha256`); a fetched root with another is refused."),
  })
  .superRefine((root, ctx) => {
    if ((root.file === undefined) === (root.url === undefined)) ctx.addIssue({ code: "custom", message: "must set exactly one of file and url" });
    // Trust on first use would let whoever answers first become the CA of every guest.
    if (root.url !== undefined && root.sha256 === undefined) ctx.addIssue({ code: "custom", path: ["sha256"], message: "missing required key \"sha256\": a fetched root is pinned by its fingerprint" });
  });

/** `certificates:` */
export const CertificateSettings = z.looseObject({
  /** The CA's ACME directory. */
  directoryUrl: HttpsUrl.describe("The ACME directory of the CA (Step-CA's ACME provisioner: `https://ca:9000/acme/acme/directory`)."),
  /** PEM trusted for the directory's own TLS. */
  directoryTrust: SafePath.optional().describe("PEM file of the certificate(s) Phoenix trusts for the directory's own TLS. Default: the system's roots."),
  /** The ACME account key: a secret file. */
  accountKey: SafePath.describe("File of the ACME account's private key (PEM) on the machine Phoenix runs on; created (mode 600) when missing."),
  /** Contact of the ACME account. */
  email: z.email().max(254).optional().describe("Contact e-mail of the ACME account. Default: none."),
  /** Renew this long before the certificate expires. */
  renewBefore: z
    .string()
    .refine((v) => parseDuration(v) !== undefined, { message: "must be a duration such as 720h, 30d or 1h30m" })
    .optional()
    .describe("Renew a certificate this long before it expires (`720h`, `30d`, `1h30m`). Default: one third of its lifetime, as cert-manager."),
  /** Private key type of new certificates. */
  keyAlgorithm: z.enum(KEY_ALGORITHMS).default("ecdsa-p256").describe("Key type of issued certificates. Default: `ecdsa-p256`."),
  /** How the CA checks control of the names. */
  challenge: z.enum(CHALLENGE_TYPES).default("dns-01").describe("ACME challenge: `dns-01` (a TXT record in Phoenix's dnsmasq) or `http-01` (the gateway's ACME path). Default: `dns-01`."),
  /** Where the TXT record is checked before the CA is asked. */
  dnsNameserver: z
    .string()
    .refine((v) => parseNameserver(v) !== undefined, { message: "must be an IP address, optionally with :port" })
    .optional()
    .describe("DNS server (`address[:port]`) Phoenix asks for the TXT record before it lets the CA check it. Default: the hypervisor's address, port 53."),
  /** Directory in the gateway the http-01 tokens are written to. */
  http01Webroot: SafePath.default(DEFAULT_HTTP01_WEBROOT).describe(`Directory in the NGINX gateway its ACME path serves tokens from. Default: \`${DEFAULT_HTTP01_WEBROOT}\`.`),
  /** Port the renewed certificate is checked on. */
  verifyPort: z.number().int().min(0).max(65535).default(443).describe("Port Phoenix connects to, at each certificate's common name, to check the new certificate is served; 0 turns the check off. Default: 443."),
  /** Where the manifest's files are. */
  host: CertificateHost.default({ kind: "local" }).describe("Where the manifest's host paths are: `local` or `ssh`. Default: `{ kind: local }`."),
  /** The internal CA's root, for guests with `trusted_ca` and every TLS check. */
  caRoot: CaRoot.optional().describe("The CA root the guests with `trusted_ca` trust and Phoenix checks issuers and served certificates against."),
  /** Whether the guests get the root too, or only the host. */
  trustGuests: z.boolean().default(true).describe("Install the CA root in every guest with the `trusted_ca` feature (LXC through `pct`), not only on the host. Default: true."),
  /** Where the root goes in a guest. */
  trustStoreDir: SafePath.default(DEFAULT_TRUST_STORE_DIR).describe(`Directory of local CA certificates in each \`trusted_ca\` guest. Default: \`${DEFAULT_TRUST_STORE_DIR}\`.`),
  /** Refreshes the guest's trust store. */
  trustStoreUpdate: ReloadCommand.optional().describe("Command run in the guest after the root changed. Default: `update-ca-certificates`."),
});
export type CertificateSettings = z.output<typeof CertificateSettings>;

/** Keys of `certificates:` that only shape the plan; every other one executes or connects. */
export const PLAN_SHAPING_CERTIFICATE_KEYS = ["renewBefore", "keyAlgorithm"] as const;

