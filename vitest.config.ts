import { defineConfig } from "vitest/config";

/**
 * Integration files that use only daemons of their own: the two-node swarm
 * (and swarm-join's private namespaces), the dockerd the restart test kills,
 * git servers they start, and the docker CLI's `stack config`, which reads
 * no daemon. `scripts/test.sh` runs them beside the shared-swarm files, one
 * file at a time each.
 */
const OWN_DAEMONS = [
  "test/integration/topology/**/*.test.ts",
  "test/integration/source/**/*.test.ts",
  "test/integration/compose/stack-config-differential.test.ts",
  "test/integration/pipeline/dockerd-restart.test.ts",
];

const integration = {
  testTimeout: 120_000,
  hookTimeout: 120_000,
  // Tests share real daemons: run files one at a time within each project.
  fileParallelism: false,
  // Tests marked concurrent (the hostile corpus's CLI runs) two at a time.
  maxConcurrency: 2,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          exclude: OWN_DAEMONS,
          ...integration,
        },
      },
      {
        test: {
          name: "integration-own-daemons",
          include: OWN_DAEMONS,
          ...integration,
        },
      },
    ],
  },
});
