import { describe, expect, it } from "vitest";
import { formatTabs } from "../../../src/go/tabwriter.js";

const docker = { minWidth: 10, padding: 3 };

/** Expected layouts are docker's (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`), as `docker stack ps` prints them. */
describe("formatTabs", () => {
  it("pads every tab-terminated cell to its column's widest cell + 3, at least 10, and keeps the padding of empty last columns", () => {
    const text = "ID\tNAME\tERROR\tPORTS\nid-foo\tservice-id-foo.1\t\t\n";
    expect(formatTabs(text, docker)).toBe("ID        NAME               ERROR     PORTS\nid-foo    service-id-foo.1             \n");
  });

  it("ends the column blocks at a line without tabs (elastic tabstops)", () => {
    const text = "a\tb\nlonger-cell\tc\nno tabs here\nx\ty\n";
    expect(formatTabs(text, docker)).toBe("a             b\nlonger-cell   c\nno tabs here\nx         y\n");
  });

  it("aligns only the lines that have a column", () => {
    expect(formatTabs("a\tb\tc\nd\te\n", docker)).toBe("a         b         c\nd         e\n");
  });
});
