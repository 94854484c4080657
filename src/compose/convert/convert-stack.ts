/**
 * `convertStack`: a loaded compose project → the `StackSpec` the deploy
 * engine applies, exactly as `docker stack deploy` would build it
 * (docs/stack-deploy.md §3–4). Pure: file contents come with the project
 * (`ComposeFileObject.data`, read by the loader).
 *
 * Conversion errors carry the CLI's text (`service a: undefined volume
 * "data"`). The CLI stops at the first one, after it created the networks,
 * secrets and configs; here every service is converted and every error
 * reported, and the spec keeps the stack-level objects and the services that
 * converted, so that a caller can reproduce the CLI's partial state.
 */
import type { Diagnostic } from "../../errors.js";
import type { ComposeProject } from "../compose-project.js";
import type { ServiceSpec } from "../../engine/engine-service-spec.js";
import type { ConfigSpec, SecretSpec, StackSpec } from "../../engine/stack-spec.js";
import { convertConfigs, convertSecrets } from "./convert-file-objects.js";
import { convertNetworks } from "./convert-networks.js";
import { convertService } from "./convert-service.js";
import type { ComposeCompat } from "../compose-compat.js";
import { ConversionError } from "./conversion-error.js";

export interface ConvertStackOptions {
  /** Which docker CLI to reproduce where 20.10 and 23.0+ differ (default "20.10", the test machines' CLI). */
  readonly compat?: ComposeCompat;
}

export interface ConvertStackResult {
  readonly spec: StackSpec;
  /** Conversion errors (stage `plan`), in service order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Names of the compose services that failed to convert (absent from `spec.services`). */
  readonly failedServices: readonly string[];
}

function toDiagnostic(error: unknown, prefix: string): Diagnostic {
  if (!(error instanceof ConversionError)) throw error;
  return { severity: "error", code: error.code, stage: "plan", message: `${prefix}${error.message}` };
}

export function convertStack(project: ComposeProject, stackName: string, options: ConvertStackOptions = {}): ConvertStackResult {
  const compat = options.compat ?? "20.10";
  const diagnostics: Diagnostic[] = [];
  const attempt = <T>(convert: () => T, fallback: T): T => {
    try {
      return convert();
    } catch (error) {
      diagnostics.push(toDiagnostic(error, ""));
      return fallback;
    }
  };
  const { networks, externalNetworks } = convertNetworks(project, stackName);
  const secrets = attempt<SecretSpec[]>(() => convertSecrets(project, stackName), []);
  const configs = attempt<ConfigSpec[]>(() => convertConfigs(project, stackName), []);

  const services: ServiceSpec[] = [];
  const failedServices: string[] = [];
  for (const service of project.services) {
    try {
      services.push(convertService(service, project, stackName, compat));
    } catch (error) {
      diagnostics.push(toDiagnostic(error, `service ${service.name}: `));
      failedServices.push(service.name);
    }
  }
  return {
    spec: { name: stackName, networks, externalNetworks, secrets, configs, services },
    diagnostics,
    failedServices,
  };
}
