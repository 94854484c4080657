import { Resolver } from "node:dns/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../logger.js";
import type { Target } from "../../infra/targets/target.js";
import type { ChallengeSolver, PendingChallenge } from "../acme/challenge-solver.js";
import { CertificateError } from "../certificate-error.js";

/** After the rendered records file (`00-phoenix-internal.conf`): dnsmasq reads its conf-dir in name order. */
export const DNS01_RECORDS_FILE = "50-phoenix-acme-challenge.conf";

export interface Dns01SolverOptions {
  /** The DNS target: the machine whose dnsmasq Phoenix manages. */
  readonly target: Target;
  /** dnsmasq's conf-dir on that target (`/etc/dnsmasq.d`). */
  readonly confDir: string;
  /** Makes dnsmasq read its conf-dir again: `txt-record=` lines are read at start only. */
  readonly reload: (target: Target) => Promise<void>;
  /** Where Phoenix checks that each record is answered before the CA is asked; undefined skips the check. */
  readonly nameserver: { readonly host: string; readonly port: number } | undefined;
  /** How long a record may take to be answered. */
  readonly timeoutMs?: number;
  readonly log: Logger;
}

/**
 * DNS-01 through the dnsmasq Phoenix manages: one conf-dir file with a
 * `txt-record=_acme-challenge.<name>,"<digest>"` line per challenge, a
 * restart, and a check that the DNS server answers each record (as
 * cert-manager's self-check does) before the CA looks. The file is removed
 * and dnsmasq restarted again afterwards.
 */
export function createDns01Solver(options: Dns01SolverOptions): ChallengeSolver {
  const file = path.posix.join(options.confDir, DNS01_RECORDS_FILE);
  return {
    type: "dns-01",
    async present(challenges) {
      const lines = challenges.map((c) => `txt-record=${recordName(c)},"${c.keyAuthorization}"`);
      await options.target.writeFile(file, ["# Written by Phoenix for ACME DNS-01 challenges; removed when they are done.", ...lines, ""].join("\n"), 0o644);
      await reload(options, "adding");
      if (options.nameserver !== undefined) await waitForRecords(options.nameserver, challenges, options.timeoutMs ?? 30_000);
      else options.log.warn({ file }, "acme dns-01 records not checked: no nameserver");
    },
    async cleanup() {
      await options.target.remove(file);
      await reload(options, "removing");
    },
  };
}

/** `*.example.test` and `example.test` are both checked at `_acme-challenge.example.test`. */
function recordName(challenge: PendingChallenge): string {
  return `_acme-challenge.${challenge.identifier.replace(/^\*\./, "")}`;
}

async function reload(options: Dns01SolverOptions, what: string): Promise<void> {
  try {
    await options.reload(options.target);
  } catch (err) {
    throw new CertificateError("challenge-failed", `${what} the DNS-01 records: dnsmasq on ${options.target.description} did not restart: ${(err as Error).message}`);
  }
}

async function waitForRecords(nameserver: { host: string; port: number }, challenges: readonly PendingChallenge[], timeoutMs: number): Promise<void> {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([nameserver.host.includes(":") ? `[${nameserver.host}]:${nameserver.port}` : `${nameserver.host}:${nameserver.port}`]);
  const deadline = Date.now() + timeoutMs;
  for (const challenge of challenges) {
    const name = recordName(challenge);
    for (;;) {
      const answers = await resolver.resolveTxt(name).catch(() => [] as string[][]);
      if (answers.some((chunks) => chunks.join("") === challenge.keyAuthorization)) break;
      if (Date.now() > deadline)
        throw new CertificateError("challenge-failed", `the TXT record ${name} is not answered by ${nameserver.host}:${nameserver.port} after ${Math.round(timeoutMs / 1000)} s`, {
          hint: "check that the DNS target's dnsmasq includes its dnsmasq.d and restarts with the reload",
        });
      await sleep(250);
    }
  }
}
