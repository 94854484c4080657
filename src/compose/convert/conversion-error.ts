/**
 * A compose value `docker stack deploy` refuses while converting (after
 * loading, before any service write). The message is the CLI's text without
 * the `service <name>: ` prefix, which `convertStack` adds like docker/cli's
 * `errors.Wrapf(err, "service %s", name)`.
 */
export class ConversionError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "ConversionError";
    this.code = code;
  }
}
