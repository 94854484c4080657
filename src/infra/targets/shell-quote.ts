/** Quotes one argument for a POSIX shell (ssh hands the remote shell a single string). */
export function quoteShellArg(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function quoteShellCommand(argv: readonly string[]): string {
  return argv.map(quoteShellArg).join(" ");
}
