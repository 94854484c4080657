import { describe, expect, it } from "vitest";
import { TaskLogCollector } from "../../../src/swarm/task-log-lines.js";

/** One frame of the Engine's multiplexed stream. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function collect(chunks: readonly Buffer[], limits = { lines: 20, lineLength: 200 }): string[] {
  const collector = new TaskLogCollector(limits);
  for (const chunk of chunks) collector.push(chunk);
  return collector.finish();
}

describe("TaskLogCollector", () => {
  it("demultiplexes stdout and stderr frames into lines, in order", () => {
    expect(collect([frame(1, "hello out\n"), frame(2, "bad err\n")])).toEqual(["hello out", "bad err"]);
  });

  it("reassembles headers and lines split across chunks", () => {
    const body = Buffer.concat([frame(1, "first line\nsecond "), frame(1, "half\n")]);
    const chunks = [...body].map((byte) => Buffer.from([byte]));
    expect(collect(chunks)).toEqual(["first line", "second half"]);
  });

  it("keeps only the last lines, and cuts long ones", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    expect(collect([frame(1, lines.join("\n") + "\n")], { lines: 3, lineLength: 200 })).toEqual(["line 27", "line 28", "line 29"]);
    expect(collect([frame(1, `${"x".repeat(10_000)}\nend`)], { lines: 20, lineLength: 10 })).toEqual([`${"x".repeat(9)}…`, "end"]);
  });

  it("reads the raw output of a task with a TTY", () => {
    expect(collect([Buffer.from("plain\r\noutput\n")])).toEqual(["plain", "output"]);
  });

  it("drops terminal control sequences a task printed", () => {
    expect(collect([frame(1, "\u001b[31mred\u001b[0m \u001b]0;title\u0007done\n")])).toEqual(["red done"]);
  });
});
