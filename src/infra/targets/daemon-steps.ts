import { Resolver } from "node:dns/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { InfraError } from "../../errors.js";
import type { Target } from "./target.js";

/** A reload step that runs one command on the target and fails on a non-zero exit. */
export function reloadWithCommand(argv: readonly string[]): (target: Target) => Promise<void> {
  return async (target) => {
    const r = await target.run(argv);
    if (r.exitCode !== 0)
      throw new InfraError("apply", "INFRA_RELOAD_FAILED", `${argv.join(" ")} exited ${r.exitCode}: ${(r.stderr || r.stdout).trim()}`);
  };
}

export interface RetryOptions {
  readonly attempts?: number;
  readonly intervalMs?: number;
}

/** A probe that runs a command on the target until it exits 0 (the bash waited 10 × 3 s for :443). */
export function probeWithCommand(target: Target, argv: readonly string[], retry: RetryOptions = {}): () => Promise<void> {
  return () =>
    withRetry(retry, async () => {
      const r = await target.run(argv);
      if (r.exitCode !== 0) throw new InfraError("verify", "INFRA_PROBE_FAILED", `${argv.join(" ")} exited ${r.exitCode}: ${(r.stderr || r.stdout).trim()}`);
    });
}

export interface DnsExpectation {
  readonly hostname: string;
  readonly ip: string;
}

/** A probe that asks the DNS server for every expected name and compares the answers. */
export function probeDnsAnswers(server: string, expected: readonly DnsExpectation[], retry: RetryOptions = {}): () => Promise<void> {
  return () =>
    withRetry(retry, async () => {
      const resolver = new Resolver({ timeout: 1000, tries: 1 });
      resolver.setServers([server]);
      const wrong: string[] = [];
      for (const e of expected) {
        const family = e.ip.includes(":") ? "resolve6" : "resolve4";
        const answers = await resolver[family](e.hostname).catch((err: unknown) => [`error ${(err as { code?: string }).code ?? String(err)}`]);
        if (!answers.includes(e.ip)) wrong.push(`${e.hostname}: expected ${e.ip}, got ${answers.join(",") || "nothing"}`);
      }
      if (wrong.length > 0) throw new InfraError("verify", "INFRA_PROBE_FAILED", `DNS answers from ${server} are wrong: ${wrong.join("; ")}`);
    });
}

async function withRetry(retry: RetryOptions, attempt: () => Promise<void>): Promise<void> {
  const attempts = retry.attempts ?? 1;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts) throw err;
      await sleep(retry.intervalMs ?? 1000);
    }
  }
}
