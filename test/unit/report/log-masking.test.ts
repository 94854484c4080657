import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createLogger, createMaskingStream, maskLogLine } from "../../../src/logger.js";
import { registerProcessSecrets } from "../../../src/secrets/process-secrets.js";
import { createSecretMasker, SENSITIVE_TEXT } from "../../../src/secrets/secret-masker.js";

const CANARY = "CANARY-SECRET-91d2";

/** A pino logger like createLogger's, writing into `lines`. */
function captureLogger(masker = createSecretMasker()) {
  const lines: string[] = [];
  const logger = pino({ base: { app: "phoenix" } }, createMaskingStream({ write: (line: string) => void lines.push(line) }, masker));
  return { logger, lines, masker };
}

describe("log lines", () => {
  it("mask a value registered after the logger was made, in the message, fields, errors and child bindings", () => {
    const { logger, lines, masker } = captureLogger();
    logger.info({ url: `postgres://app:${CANARY}@db` }, "before the config is loaded");
    masker.add([CANARY]);
    const child = logger.child({ stack: "web", note: `x${CANARY}x` });
    child.warn({ err: new Error(`exec ${CANARY}: not found`), command: ["sh", "-c", `echo ${CANARY}`] }, "stack deploying");
    expect(lines[0]).toContain(CANARY);
    expect(lines[1]).not.toContain(CANARY);
    const entry = JSON.parse(lines[1] ?? "") as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: "stack deploying", stack: "web", note: `x${SENSITIVE_TEXT}x`, command: ["sh", "-c", `echo ${SENSITIVE_TEXT}`] });
    expect((entry.err as { message: string }).message).toBe(`exec ${SENSITIVE_TEXT}: not found`);
  });

  it("of the process logger hide every value a run registered with the process", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-log-")), "log");
    const fd = openSync(file, "w");
    const logger = createLogger({ level: "info", destination: fd });
    registerProcessSecrets([CANARY]);
    logger.info({ command: `psql postgres://u:${CANARY}@db` }, "stack deploying");
    closeSync(fd);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("stack deploying");
    expect(text).not.toContain(CANARY);
  });

  it("mask a value whose JSON form is escaped, and stay one valid JSON line", () => {
    const secret = 'pa"ss\\word';
    const { logger, lines } = captureLogger(createSecretMasker([secret]));
    logger.info({ value: `<${secret}>` }, "escaped");
    expect(lines[0]).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect((JSON.parse(lines[0] ?? "") as { value: string }).value).toBe(`<${SENSITIVE_TEXT}>`);
  });

  it("stay valid JSON when a value matches across an escape sequence", () => {
    // `nabcd` occurs in the serialized `\nabcd` but not in the logged string: nothing is masked.
    const masker = createSecretMasker(["nabcd"]);
    const line = `${JSON.stringify({ msg: "line\nabcd" })}\n`;
    expect(maskLogLine(line, masker)).toBe(line);
    expect(JSON.parse(maskLogLine(`${JSON.stringify({ msg: "x nabcd" })}\n`, masker))).toEqual({ msg: `x ${SENSITIVE_TEXT}` });
  });
});
