import { pino, type Logger } from "pino";

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear. */
const REDACTED_PATHS = [
  "token",
  "*.token",
  "privateKey",
  "*.privateKey",
  "password",
  "*.password",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "env",
  "*.env",
];

/**
 * The process logger. Fixed messages, structured fields; one child per run or
 * webhook delivery (`createRunLogger`). Logs go to stderr so that stdout stays
 * free for command output (`--json`).
 */
export function createLogger(options: { level?: string; destination?: number } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.PHOENIX_LOG_LEVEL ?? process.env.LOG_LEVEL ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[masked]" },
      base: { app: "phoenix" },
    },
    pino.destination({ fd: options.destination ?? 2, sync: true }),
  );
}

export function createRunLogger(parent: Logger, runId: string, fields: Record<string, unknown> = {}): Logger {
  return parent.child({ runId, ...fields });
}

/** A logger that discards everything (tests, library use). */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
