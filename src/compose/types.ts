/**
 * Contract of the compose loader (`loadCompose`): the typed, merged,
 * interpolated compose project, equivalent to docker/cli's `types.Config`
 * after `loader.Load` for a set of `-c` files. The detailed shapes live in
 * `compose-project.ts`.
 */
import type { Diagnostic } from "../errors.js";
import type { ComposeCompat } from "./compose-compat.js";
import type { ComposeProject } from "./compose-project.js";

export type { ComposeCompat, ComposeProject };

export interface ComposeFileInput {
  /** Path relative to the config root (used in messages), e.g. `stacks/app/docker-compose.yml`. */
  readonly path: string;
  readonly text: string;
}

export interface LoadComposeOptions {
  /** Variables for interpolation (the CLI's process environment, or a stack environment's `variables`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base for relative paths: the directory of the first file (absolute for bind mounts). */
  readonly workingDir: string;
  /** Reads env files and secret/config files referenced by the compose files; undefined when absent. */
  readonly readFile: (path: string) => Promise<Uint8Array | undefined>;
  /** Which CLI's loader to reproduce where 20.10 and 23.0+ differ (default "28.2"). */
  readonly compat?: ComposeCompat;
  /**
   * Also report what `docker stack deploy` only finds mid-deploy (references to
   * undeclared secrets, configs, volumes, networks) and the variables it
   * silently replaces with "". Off for `docker stack config` parity.
   */
  readonly preflight?: boolean;
}

export interface LoadComposeResult {
  /** Undefined when any error diagnostic was produced. */
  readonly project: ComposeProject | undefined;
  /** Errors (positioned `file:line:col`) and the CLI's warnings (ignored/deprecated options). */
  readonly diagnostics: readonly Diagnostic[];
}
