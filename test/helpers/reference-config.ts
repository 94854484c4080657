import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The bash tooling's real configuration, which CI checks out beside this repo.
 * The tests that compare Phoenix against it run only where it exists; a clone
 * on its own skips them and says why. PHOENIX_REFERENCE_CONFIG points at
 * another copy (relative paths resolve against the repo root), or at a path
 * that does not exist to see the skips.
 */
const repoRoot = path.resolve(import.meta.dirname, "../..");
const configured = process.env.PHOENIX_REFERENCE_CONFIG ?? "../shared/reference-config";

/** The reference config as given (the default or PHOENIX_REFERENCE_CONFIG), for test names. */
export const REFERENCE_CONFIG_LABEL = configured;

export const REFERENCE_CONFIG = path.resolve(repoRoot, configured);

/** Whether the reference config is there: its `etc/` is what every comparison reads first. */
export const hasReferenceConfig = existsSync(path.join(REFERENCE_CONFIG, "etc"));

/** Appended to the name of a describe block that needs the reference config, so a skip names its reason. */
export const referenceConfigSkipNote = hasReferenceConfig ? "" : ` (skipped: ${configured} not present)`;

// The default reporter names only the file of a skipped test: say once per file what is skipped and why.
if (!hasReferenceConfig) console.warn(`reference-config comparisons skipped: ${configured} not present (set PHOENIX_REFERENCE_CONFIG to compare)`);
