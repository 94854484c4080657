/**
 * Fills in the IDs of the secrets and configs a service references, as the
 * CLI does with one lookup per service (docs/stack-deploy.md §4.4). References to
 * the stack's own objects point at their current object, which in Phoenix
 * mode may be a rotated one (`<name>-<hash>`); other names (external objects)
 * are looked up by name. A credential-spec config given by name is replaced
 * by that config's ID, like docker/cli `convertCredentialSpec`.
 */
import { SwarmError } from "../errors.js";
import type { ConfigReference, ContainerSpec, SecretReference, ServiceSpec } from "../engine/engine-service-spec.js";
import type { FileObjectTarget } from "./file-object-api.js";
import type { SwarmPort } from "./swarm-port.js";

export interface StackFileObjects {
  readonly secrets: ReadonlyMap<string, FileObjectTarget>;
  readonly configs: ReadonlyMap<string, FileObjectTarget>;
}

export async function linkServiceReferences(port: SwarmPort, spec: ServiceSpec, owned: StackFileObjects): Promise<ServiceSpec> {
  const container = spec.TaskTemplate.ContainerSpec;
  if (container === undefined || (container.Secrets === undefined && container.Configs === undefined)) return spec;

  const secrets = await Promise.all(
    (container.Secrets ?? []).map(async (ref): Promise<SecretReference> => {
      const target = owned.secrets.get(ref.SecretName) ?? (await lookUp(port, "secret", spec.Name, ref.SecretName));
      return { ...ref, SecretName: target.name, SecretID: target.id };
    }),
  );
  const configs = await Promise.all(
    (container.Configs ?? []).map(async (ref): Promise<ConfigReference> => {
      const target = owned.configs.get(ref.ConfigName) ?? (await lookUp(port, "config", spec.Name, ref.ConfigName));
      return { ...ref, ConfigName: target.name, ConfigID: target.id };
    }),
  );

  const linked: ContainerSpec = {
    ...container,
    ...(container.Secrets === undefined ? {} : { Secrets: secrets }),
    ...(container.Configs === undefined ? {} : { Configs: configs }),
    ...linkCredentialSpec(container, configs),
  };
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: linked } };
}

async function lookUp(port: SwarmPort, kind: "secret" | "config", service: string, name: string): Promise<FileObjectTarget> {
  const found = kind === "secret" ? await port.inspectSecret(name) : await port.inspectConfig(name);
  // Inspect also matches ID prefixes; only an exact name counts as the CLI's name filter would.
  if (found === undefined || found.Spec.Name !== name) {
    const code = kind === "secret" ? "SECRET_NOT_FOUND" : "CONFIG_NOT_FOUND";
    throw new SwarmError("apply", code, `service ${service}: ${kind} not found: ${name}`, {
      hint: `create the ${kind} (docker ${kind} create ${name} ...) or declare it in the compose file`,
    });
  }
  return { name: found.Spec.Name, id: found.ID };
}

/** `Privileges.CredentialSpec.Config` names the config; the daemon wants the ID of the `Runtime` reference. */
function linkCredentialSpec(container: ContainerSpec, linked: readonly ConfigReference[]): Pick<ContainerSpec, "Privileges"> {
  const credential = container.Privileges?.CredentialSpec;
  if (credential?.Config === undefined) return {};
  const index = (container.Configs ?? []).findIndex((ref) => ref.Runtime !== undefined && ref.ConfigName === credential.Config);
  const id = linked[index]?.ConfigID;
  if (index === -1 || id === undefined) return {};
  return { Privileges: { ...container.Privileges, CredentialSpec: { ...credential, Config: id } } };
}
