/**
 * What a deploy left in the swarm, read through the Engine API (the data
 * `docker service/network/secret/config inspect` print), normalised so that
 * a CLI deploy and a Phoenix deploy of the same file compare equal: IDs,
 * versions and timestamps dropped, network IDs mapped to names, the stack
 * name replaced by `<stack>`, Phoenix's rotation labels dropped, and values
 * the daemon assigns (VIPs, ingress ports, subnets of unconfigured networks)
 * left out.
 */
import type Docker from "dockerode";

export interface StackSnapshot {
  readonly services: Record<string, unknown>;
  readonly networks: Record<string, unknown>;
  readonly secrets: Record<string, unknown>;
  readonly configs: Record<string, unknown>;
}

const NAMESPACE = "com.docker.stack.namespace";

function replaceStack(value: unknown, stack: string, sideValue: string | undefined): unknown {
  const pattern = new RegExp(`${stack}(?=_|"|-|$)`, "g");
  let text = JSON.stringify(value).replace(pattern, "<stack>");
  if (sideValue !== undefined) text = text.replaceAll(`-${sideValue}"`, '-<side>"');
  return JSON.parse(text) as unknown;
}

function dropPhoenixLabels(labels: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !key.startsWith("org.phoenix.")));
}

function referenceKey(ref: Record<string, unknown>): string {
  const file = ref.File as { Name?: string } | undefined;
  return `${String(ref.SecretName ?? ref.ConfigName)}\0${file?.Name ?? ""}`;
}

interface ServiceLike {
  Spec: { Name: string; TaskTemplate: { Networks?: { Target: string }[]; ContainerSpec?: Record<string, unknown> } };
}

export async function snapshotStack(docker: Docker, stack: string, sideValue?: string): Promise<StackSnapshot> {
  const filters = { label: [`${NAMESPACE}=${stack}`] };
  const allNetworks = await docker.listNetworks();
  const networkNames = new Map(allNetworks.map((n) => [n.Id, n.Name]));
  const services = (await docker.listServices({ filters })) as unknown as ServiceLike[];
  const serviceSpecs = Object.fromEntries(
    services.map((service) => {
      const spec = structuredClone(service.Spec);
      for (const attachment of spec.TaskTemplate.Networks ?? []) attachment.Target = networkNames.get(attachment.Target) ?? attachment.Target;
      const container = spec.TaskTemplate.ContainerSpec;
      // A credential spec from a config names the config by ID, which differs per deploy: name it as its reference does.
      const credential = (container?.Privileges as { CredentialSpec?: { Config?: string } } | undefined)?.CredentialSpec;
      const configRefs = (container?.Configs ?? []) as { ConfigID?: string; ConfigName?: string }[];
      if (credential?.Config) credential.Config = configRefs.find((ref) => ref.ConfigID === credential.Config)?.ConfigName ?? "<unknown config>";
      for (const key of ["Secrets", "Configs"] as const) {
        const refs = container?.[key] as Record<string, unknown>[] | undefined;
        for (const ref of refs ?? []) {
          delete ref.SecretID;
          delete ref.ConfigID;
        }
        // The CLI orders two references to the same object randomly (docs/stack-deploy.md §4.4, §9.3).
        refs?.sort((a, b) => referenceKey(a).localeCompare(referenceKey(b)));
      }
      return [spec.Name, spec];
    }),
  );
  const networks = Object.fromEntries(
    (await docker.listNetworks({ filters })).map((n) => {
      const options = Object.fromEntries(Object.entries(n.Options ?? {}).filter(([key]) => !key.endsWith("vxlanid_list")));
      return [n.Name, { Name: n.Name, Driver: n.Driver, Scope: n.Scope, Internal: n.Internal, Attachable: n.Attachable, Options: options, Labels: n.Labels, IPAMDriver: n.IPAM?.Driver }];
    }),
  );
  const secrets = Object.fromEntries(
    (await docker.listSecrets({ filters })).map((s) => {
      const spec = s.Spec as unknown as { Name: string; Labels?: Record<string, string> };
      return [spec.Name, { ...spec, Labels: dropPhoenixLabels(spec.Labels) }];
    }),
  );
  const configs = Object.fromEntries(
    (await docker.listConfigs({ filters })).map((c) => {
      const spec = c.Spec as unknown as { Name: string; Labels?: Record<string, string> };
      return [spec.Name, { ...spec, Labels: dropPhoenixLabels(spec.Labels) }];
    }),
  );
  return replaceStack({ services: serviceSpecs, networks, secrets, configs }, stack, sideValue) as StackSnapshot;
}
