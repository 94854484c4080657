import { pino, type DestinationStream, type Logger } from "pino";
import { getProcessSecrets } from "./secrets/process-secrets.js";
import type { SecretMasker } from "./secrets/secret-masker.js";

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

export interface LoggerOptions {
  readonly level?: string;
  readonly destination?: number;
  /** Secret values to mask in every line (default: the process-wide masker, which runs add their values to). */
  readonly masker?: SecretMasker;
}

/**
 * The process logger. Fixed messages, structured fields; one child per run or
 * webhook delivery (`createRunLogger`). Logs go to stderr so that stdout stays
 * free for command output (`--json`). Redaction hides fields by name; the
 * masker hides secret values wherever they are (an error message, a URL).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.PHOENIX_LOG_LEVEL ?? process.env.LOG_LEVEL ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[masked]" },
      base: { app: "phoenix" },
    },
    createMaskingStream(pino.destination({ fd: options.destination ?? 2, sync: true }), options.masker ?? getProcessSecrets()),
  );
}

/**
 * A destination that masks each serialized line before writing it. The
 * masker is consulted per line, so values registered after the logger was
 * made (a run's variables, a fresh installation token) are masked too.
 */
export function createMaskingStream(destination: DestinationStream, masker: SecretMasker): DestinationStream {
  return { write: (line: string) => destination.write(maskLogLine(line, masker)) };
}

/**
 * A pino line with secret values masked. A value found is masked in the
 * parsed line and the line written again, so that the line stays valid JSON
 * even when a match began right after an escaping backslash.
 */
export function maskLogLine(line: string, masker: SecretMasker): string {
  const masked = masker.maskText(line);
  if (masked === line) return line;
  try {
    return `${JSON.stringify(masker.maskDeep(JSON.parse(line) as unknown))}\n`;
  } catch {
    return masked;
  }
}

export function createRunLogger(parent: Logger, runId: string, fields: Record<string, unknown> = {}): Logger {
  return parent.child({ runId, ...fields });
}

/** A logger that discards everything (tests, library use). */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
