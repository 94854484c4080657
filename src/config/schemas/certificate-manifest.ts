import { z } from "zod";
import { GuestIdNumber, GuestIdString, SafeAbsolutePath, Text } from "./primitives.js";

/** A host name, or a `*.` wildcard over one: certificates name both (wildcards are issued over DNS-01 only). */
const CertificateName = z
  .string()
  .regex(
    /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/,
    "must be a host name or a *. wildcard such as *.internal.example.com",
  );

/** Enough for a command line; a newline would hide a second command behind the one a reviewer reads. */
const RenewalCommand = z
  .string()
  .max(1024)
  // eslint-disable-next-line no-control-regex
  .refine((command) => !/[\u0000-\u001f\u007f]/.test(command), { message: "must not contain control characters (newline, tab, NUL…)" });

/** One certificate issued by the internal CA. */
export const CertificateEntry = z.looseObject({
  /** Subject common name. */
  common_name: CertificateName.describe("Subject common name."),
  /** DNS names; without them the common name is the only name. */
  sans: z.array(CertificateName).optional().describe("DNS subject alternative names (a `*.` wildcard needs DNS-01); default: the common name alone."),
  /** Certificate file on the host; NGINX and Traefik read it through their mounts. */
  cert_path: SafeAbsolutePath.describe("Certificate file (full chain) on the host (absolute path); written into the NGINX and Traefik configuration."),
  /** Private key file on the host; NGINX and Traefik read it through their mounts. */
  key_path: SafeAbsolutePath.describe("Private key file on the host (absolute path); written into the NGINX and Traefik configuration."),
  /** `user:group` of both files. */
  owner: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*\$?(?::[a-z_][a-z0-9_-]*\$?)?$/, "must be user or user:group")
    .optional()
    .describe("Owner of both files, user:group."),
  /** Octal mode of both files. */
  permissions: z
    .string()
    .regex(/^[0-7]{3,4}$/, "must be an octal file mode such as 640")
    .optional()
    .describe("Octal mode of both files, e.g. 640."),
  /** Shell command run on the host after a renewal. */
  post_renewal_command: RenewalCommand.optional().describe("Shell command run on the host after a renewal (one line, at most 1024 characters)."),
  /** Guest the certificate is pushed to (newer layout). */
  guest_id: z.union([GuestIdString, GuestIdNumber]).optional().describe("Guest the certificate is pushed to (newer layout)."),
  /** Kind of that guest. */
  guest_type: z.enum(["lxc", "vm"]).optional().describe("Kind of the guest: lxc or vm (newer layout)."),
  /** Also push the root CA certificate. */
  include_ca: z.boolean().optional().describe("Also push the root CA certificate (newer layout)."),
  /** Certificate type (read but unused by the legacy tooling). */
  cert_type: Text.optional().describe("Certificate type (newer layout; unused)."),
}).describe("One certificate issued and renewed by the internal CA.");
export type CertificateEntry = z.infer<typeof CertificateEntry>;

/** `etc/certificate-manifest.json`: certificates the internal CA issues and renews. */
export const CertificateManifest = z.array(CertificateEntry).meta({ title: "Phoenix certificate manifest" });
export type CertificateManifest = z.infer<typeof CertificateManifest>;
