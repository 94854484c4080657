/**
 * Turns the body of `GET /tasks/{id}/logs` into the last few lines, in
 * bounded memory whatever the task wrote: a line longer than the limit is
 * cut while it arrives, and only the last `lines` lines are kept. The body
 * is the Engine's multiplexed stream (an 8-byte header per frame: stream
 * 0/1/2, three zero bytes, a big-endian length) unless the task has a TTY,
 * when it is the raw output; the first bytes tell which, as docker-modem's
 * `demuxStream` decides too.
 */
import type { TaskLogLimits } from "./swarm-port.js";

const HEADER_LENGTH = 8;
/** UTF-8 needs at most 4 bytes a character: the bytes a cut line may need. */
const MAX_BYTES_PER_CHAR = 4;
/** Terminal control sequences a task may print: never passed on to a terminal, a log or a comment. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export class TaskLogCollector {
  private mode: "unknown" | "multiplexed" | "raw" = "unknown";
  private header = Buffer.alloc(0);
  private frameLeft = 0;
  private line: Buffer[] = [];
  private lineBytes = 0;
  private lineCut = false;
  private readonly kept: string[] = [];

  constructor(private readonly limits: TaskLogLimits) {}

  push(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.mode === "raw") {
        this.takeText(rest);
        return;
      }
      if (this.frameLeft > 0) {
        const part = rest.subarray(0, this.frameLeft);
        this.frameLeft -= part.length;
        this.takeText(part);
        rest = rest.subarray(part.length);
        continue;
      }
      const need = HEADER_LENGTH - this.header.length;
      this.header = Buffer.concat([this.header, rest.subarray(0, need)]);
      rest = rest.subarray(need);
      if (this.header.length < HEADER_LENGTH) return;
      if (!isFrameHeader(this.header)) {
        // Not (or no longer) multiplexed: what was taken for a header is output.
        this.mode = "raw";
        const text = this.header;
        this.header = Buffer.alloc(0);
        this.takeText(text);
        continue;
      }
      this.mode = "multiplexed";
      this.frameLeft = this.header.readUInt32BE(4);
      this.header = Buffer.alloc(0);
    }
  }

  /** The last lines, oldest first; a last line without its newline counts too. */
  finish(): string[] {
    if (this.lineBytes > 0 || this.lineCut) this.endLine();
    return [...this.kept];
  }

  private takeText(bytes: Buffer): void {
    let start = 0;
    for (let newline = bytes.indexOf(10, start); newline !== -1; newline = bytes.indexOf(10, start)) {
      this.append(bytes.subarray(start, newline));
      this.endLine();
      start = newline + 1;
    }
    this.append(bytes.subarray(start));
  }

  private append(bytes: Buffer): void {
    const room = this.limits.lineLength * MAX_BYTES_PER_CHAR - this.lineBytes;
    if (bytes.length > room) this.lineCut = true;
    const kept = bytes.subarray(0, Math.max(0, room));
    if (kept.length === 0) return;
    this.line.push(Buffer.from(kept));
    this.lineBytes += kept.length;
  }

  private endLine(): void {
    const text = Buffer.concat(this.line).toString("utf8").replace(/\r$/, "").replace(CONTROL_CHARACTERS, "");
    const chars = [...text];
    const cut = this.lineCut || chars.length > this.limits.lineLength;
    this.kept.push(cut ? `${chars.slice(0, this.limits.lineLength - 1).join("")}…` : text);
    if (this.kept.length > this.limits.lines) this.kept.shift();
    this.line = [];
    this.lineBytes = 0;
    this.lineCut = false;
  }
}

function isFrameHeader(header: Buffer): boolean {
  return header[0] !== undefined && header[0] <= 2 && header[1] === 0 && header[2] === 0 && header[3] === 0;
}
