/** Exit codes shared by every verb (like `terraform plan -detailed-exitcode` and `flux diff`). */
export const ExitCode = {
  /** Success, or nothing to do. */
  ok: 0,
  /** Invalid input or a failed operation. */
  error: 1,
  /** plan/diff/drift: changes are pending. */
  changes: 2,
} as const;
