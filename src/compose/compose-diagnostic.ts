import type { Diagnostic, Severity } from "../errors.js";
import type { SourcePositions } from "../positions/path-positions.js";
import { formatComposePath, type PathSegment } from "./yaml/yaml-value.js";

export interface ComposeFinding {
  readonly severity: Severity;
  /** Stable code: `COMPOSE_SCHEMA`, `COMPOSE_INTERPOLATION`, `COMPOSE_UNSUPPORTED_OPTION`, … */
  readonly code: string;
  /** The docker CLI's text. */
  readonly message: string;
  readonly path: readonly PathSegment[];
  /** Point at the mapping key rather than its value (unknown or listed properties). */
  readonly atKey?: boolean;
}

/** A load-stage diagnostic positioned at the YAML node of `finding.path` in `file`. */
export function toComposeDiagnostic(file: string, positions: SourcePositions, finding: ComposeFinding): Diagnostic {
  const position = finding.atKey ? positions.key(finding.path) : positions.value(finding.path);
  return {
    severity: finding.severity,
    code: finding.code,
    stage: "load",
    file,
    ...(position ? { line: position.line, column: position.column } : {}),
    ...(finding.path.length > 0 ? { path: formatComposePath(finding.path) } : {}),
    message: finding.message,
  };
}
