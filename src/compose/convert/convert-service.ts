/**
 * One compose service → the `ServiceSpec` `docker stack deploy` sends
 * (docker/cli `convert.Service`), checks in the CLI's order: secrets,
 * configs, mode, volumes, resources, restart policy, healthcheck, networks,
 * credential spec. Secret/config IDs are left to the deploy engine.
 */
import type { ComposeProject, ComposeService } from "../compose-project.js";
import type { ContainerSpec, CredentialSpec, Privileges, ServiceSpec } from "../../engine/engine-service-spec.js";
import { IMAGE_LABEL } from "../../engine/stack-labels.js";
import {
  convertCapabilities,
  convertDnsConfig,
  convertEnvironment,
  convertExtraHosts,
  convertHealthcheck,
  convertUlimits,
} from "./convert-container-fields.js";
import {
  convertDeployMode,
  convertEndpointSpec,
  convertPlacement,
  convertResources,
  convertRestartPolicy,
  convertUpdateConfig,
} from "./convert-deploy-fields.js";
import { convertServiceConfigs, convertServiceSecrets } from "./convert-file-objects.js";
import { convertServiceNetworks } from "./convert-networks.js";
import { convertMounts } from "./convert-volumes.js";
import type { ComposeCompat } from "../compose-compat.js";
import { ConversionError } from "./conversion-error.js";
import { addStackLabel, scopeName } from "./namespace.js";

/** `convertCredentialSpec`: at most one of config, file, registry; a config is named until the engine links its ID. */
function convertCredentialSpec(service: ComposeService, project: ComposeProject, stack: string): CredentialSpec | null {
  const { config, file, registry } = service.credentialSpec;
  const set = [config !== "" ? '"Config"' : "", file !== "" ? '"File"' : "", registry !== "" ? '"Registry"' : ""].filter((s) => s !== "");
  if (set.length === 0) return null;
  if (set.length === 2) throw new ConversionError("COMPOSE_CREDENTIAL_SPEC", `invalid credential spec: cannot specify both ${set[0]} and ${set[1]}`);
  if (set.length > 2) {
    throw new ConversionError("COMPOSE_CREDENTIAL_SPEC", `invalid credential spec: cannot specify both ${set.slice(0, -1).join(", ")}, and ${set[2]}`);
  }
  if (config !== "") {
    const object = project.configs[config];
    return { Config: object !== undefined && object.name !== "" ? object.name : scopeName(stack, config) };
  }
  return file !== "" ? { File: file } : { Registry: registry };
}

function stringField<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return (value !== "" ? { [key]: value } : {}) as Partial<Record<K, string>>;
}

function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return (value !== undefined ? { [key]: value } : {}) as Partial<Record<K, V>>;
}

export function convertService(service: ComposeService, project: ComposeProject, stack: string, compat: ComposeCompat): ServiceSpec {
  const secrets = convertServiceSecrets(service, project, stack);
  const configs = convertServiceConfigs(service, project, stack);
  const mode = convertDeployMode(service.deploy.mode, service.deploy.replicas, compat);
  const mounts = convertMounts(service.volumes, project.volumes, stack, compat);
  const resources = convertResources(service.deploy.resources);
  const restartPolicy = convertRestartPolicy(service.restart, service.deploy.restartPolicy);
  const healthcheck = convertHealthcheck(service.healthcheck, compat);
  const networks = convertServiceNetworks(service, project, stack, compat);
  const credentialSpec = convertCredentialSpec(service, project, stack);
  const capabilities = convertCapabilities(service.capAdd, service.capDrop);
  // 20.10 sends both pointers as null; 25.0+ adds NoNewPrivileges:false (docs/stack-deploy.md §3.2).
  const privileges: Privileges = {
    CredentialSpec: credentialSpec,
    SELinuxContext: null,
    ...(compat === "28.2" ? { NoNewPrivileges: false } : {}),
  };

  const container: ContainerSpec = {
    Image: service.image,
    Labels: addStackLabel(stack, service.labels),
    // The crossover: compose `entrypoint` is the Engine's Command, `command` its Args.
    ...(service.entrypoint !== undefined && service.entrypoint.length > 0 ? { Command: [...service.entrypoint] } : {}),
    ...(service.command !== undefined && service.command.length > 0 ? { Args: [...service.command] } : {}),
    ...stringField("Hostname", service.hostname),
    ...defined("Env", convertEnvironment(service.environment)),
    ...stringField("Dir", service.workingDir),
    ...stringField("User", service.user),
    Privileges: privileges,
    ...defined("Init", service.init),
    ...(service.tty ? { TTY: true } : {}),
    ...(service.stdinOpen ? { OpenStdin: true } : {}),
    ...(service.readOnly ? { ReadOnly: true } : {}),
    ...defined("Mounts", mounts),
    ...stringField("StopSignal", service.stopSignal),
    ...defined("StopGracePeriod", service.stopGracePeriod),
    ...defined("Healthcheck", healthcheck),
    ...defined("Hosts", convertExtraHosts(service.extraHosts)),
    ...defined("DNSConfig", convertDnsConfig(service)),
    ...defined("Secrets", secrets),
    ...defined("Configs", configs),
    ...stringField("Isolation", service.isolation),
    ...(Object.keys(service.sysctls).length > 0 ? { Sysctls: { ...service.sysctls } } : {}),
    ...defined("CapabilityAdd", capabilities.add),
    ...defined("CapabilityDrop", capabilities.drop),
    ...defined("Ulimits", convertUlimits(service.ulimits)),
  };

  return {
    Name: scopeName(stack, service.name),
    // The image label records the image as written; `--resolve-image changed|never` compares against it.
    Labels: { ...addStackLabel(stack, service.deploy.labels), [IMAGE_LABEL]: service.image },
    TaskTemplate: {
      ContainerSpec: container,
      Resources: resources,
      ...defined("RestartPolicy", restartPolicy),
      Placement: convertPlacement(service.deploy.placement),
      Networks: networks,
      ...(service.logging !== undefined
        ? { LogDriver: { Name: service.logging.driver, ...defined("Options", service.logging.options) } }
        : {}),
      ForceUpdate: 0,
    },
    Mode: mode,
    ...defined("UpdateConfig", convertUpdateConfig(service.deploy.updateConfig)),
    ...defined("RollbackConfig", convertUpdateConfig(service.deploy.rollbackConfig)),
    EndpointSpec: convertEndpointSpec(service.deploy.endpointMode, service.ports, compat),
  };
}
