/**
 * Writes a sync's progress to a terminal or a pipe. On a terminal it keeps
 * a board of the units under way at the bottom and redraws it in place with
 * two ANSI sequences (cursor up, clear to the end of the screen), the way
 * log-update does; lasting lines go above it. Elsewhere (CI, pipes, files)
 * it writes plain lines and never a control sequence.
 */
import type { StackDeployEvent, SyncStepEvent } from "../pipeline/run-sync.js";
import { SyncProgress, type SyncProgressEvent } from "../report/render-sync-progress.js";

export interface ProgressStream {
  write(text: string): unknown;
  readonly columns?: number;
  readonly rows?: number;
}

export interface SyncProgressDisplayOptions {
  /** Where progress goes; plain lines of `stderr` events go to `err` when given. */
  readonly out: ProgressStream;
  readonly err?: ProgressStream;
  /** Redraw in place (a terminal) rather than plain lines. */
  readonly live: boolean;
  /** Every line passes through it: a task's output or a daemon's message may quote a secret. */
  readonly maskText: (text: string) => string;
  readonly now?: () => number;
  /** How often the live board's clocks and spinner move (default 100 ms; 0: only on events). */
  readonly tickMs?: number;
}

export interface SyncProgressDisplay {
  onEvent(event: StackDeployEvent): void;
  onStep(event: SyncStepEvent): void;
  /** Clears the live board and stops its clock; the summary is printed after. */
  stop(): void;
}

const CURSOR_UP = (n: number) => `\u001b[${n}A`;
const CLEAR_DOWN = "\r\u001b[J";

export function createSyncProgressDisplay(options: SyncProgressDisplayOptions): SyncProgressDisplay {
  const now = options.now ?? Date.now;
  const progress = new SyncProgress(options.live);
  let drawn = 0;
  const fit = (line: string) => fitToWidth(options.maskText(line), options.out.columns);

  const redraw = (lasting: readonly string[]) => {
    const erase = drawn > 0 ? CURSOR_UP(drawn) + CLEAR_DOWN : "";
    const board = limitHeight(progress.renderBoard(now()), options.out.rows).map(fit);
    drawn = board.length;
    const text = erase + [...lasting.map(fit), ...board].map((line) => `${line}\n`).join("");
    if (text !== "") options.out.write(text);
  };
  const timer = options.live && (options.tickMs ?? 100) > 0 ? setInterval(() => drawn > 0 && redraw([]), options.tickMs ?? 100) : undefined;
  timer?.unref();

  const take = (event: SyncProgressEvent, stream: "stdout" | "stderr") => {
    const lines = progress.apply(event, now());
    if (options.live) return redraw(lines);
    const target = stream === "stderr" && options.err ? options.err : options.out;
    for (const line of lines) target.write(`${options.maskText(line)}\n`);
  };
  return {
    onEvent: (event) => take({ kind: "deploy", event }, event.stream),
    onStep: (event) => take({ kind: "step", event }, "stdout"),
    stop() {
      if (timer) clearInterval(timer);
      if (drawn > 0) options.out.write(CURSOR_UP(drawn) + CLEAR_DOWN);
      drawn = 0;
    },
  };
}

/** A line longer than the terminal wraps, and the board would then erase too few lines. */
function fitToWidth(line: string, columns: number | undefined): string {
  if (columns === undefined || columns < 2) return line;
  const chars = [...line];
  return chars.length < columns ? line : `${chars.slice(0, columns - 2).join("")}…`;
}

/** Cursor-up cannot reach above the screen: a board taller than the terminal is cut. */
function limitHeight(lines: readonly string[], rows: number | undefined): readonly string[] {
  // A terminal that reports no size (0 rows, e.g. a pty nobody sized) is not cut.
  if (rows === undefined || rows < 4 || lines.length < rows - 1) return lines;
  const room = Math.max(1, rows - 3);
  return [...lines.slice(0, room), `… ${lines.length - room} more lines`];
}
