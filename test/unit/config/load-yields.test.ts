import { describe, expect, it } from "vitest";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { loadDesiredState } from "../../../src/config/load-desired-state.js";
import { buildRepo } from "./config-repo.js";

describe("a load shares the event loop", () => {
  it("lets other callbacks run between files, so the app keeps answering while it plans", async () => {
    // The memory tree answers reads at once: without yields, the whole load would run in one go.
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await loadDesiredState(buildRepo(), { loadCompose });
    spinning = false;
    expect(result.state).toBeDefined();
    // 3 etc files, the stack's phoenix.json, its compose file in its one environment: one turn before each.
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});
