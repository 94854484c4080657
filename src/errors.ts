/** The pipeline stage an error or warning belongs to (see STYLE.md). */
export type Stage = "source" | "load" | "plan" | "apply" | "verify" | "report";

export type Severity = "error" | "warning";

/**
 * One finding about the user's configuration, positioned like a compiler
 * message: `file:line:column severity path: message`.
 */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable machine-readable code, e.g. `CONFIG_UNKNOWN_STACK`. */
  readonly code: string;
  readonly stage: Stage;
  /** Path of the file relative to the config root (`etc/phoenix_vm_configs.json`). */
  readonly file?: string;
  /** 1-based line and column of the offending value. */
  readonly line?: number;
  readonly column?: number;
  /** Path inside the file, e.g. `vms[1].docker_stacks[2]`. */
  readonly path?: string;
  readonly message: string;
  /** What the user can do about it. */
  readonly hint?: string;
}

/** Base of every error Phoenix throws on purpose. */
export class PhoenixError extends Error {
  readonly stage: Stage;
  readonly code: string;
  readonly file: string | undefined;
  readonly hint: string | undefined;

  constructor(stage: Stage, code: string, message: string, options: { file?: string; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.stage = stage;
    this.code = code;
    this.file = options.file;
    this.hint = options.hint;
  }
}

/** All configuration errors of one load, reported together (exit 1, nothing applied). */
export class ConfigError extends PhoenixError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super("load", "CONFIG_INVALID", `${errors.length} configuration error${errors.length === 1 ? "" : "s"}`);
    this.diagnostics = diagnostics;
  }
}

/** A compose file that docker stack deploy would refuse. */
export class ComposeError extends PhoenixError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === "error");
    super("load", first?.code ?? "COMPOSE_INVALID", first?.message ?? "invalid compose file", { file: first?.file });
    this.diagnostics = diagnostics;
  }
}

/** The Docker Engine refused or failed a request. */
export class SwarmError extends PhoenixError {}

/** Git access failed. */
export class SourceError extends PhoenixError {}

/** An infrastructure target (file, LXC, SSH host) failed to validate, write or reload. */
export class InfraError extends PhoenixError {}
