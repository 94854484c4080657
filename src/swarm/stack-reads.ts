/**
 * The reads `phoenix stack ls|ps|services` make, as the docker CLI makes
 * them: services and tasks listed with the daemon's own filters (so the
 * daemon checks the filter keys), and the ID → name lookups of docker/cli's
 * `idresolver`. Keeps dockerode inside swarm/.
 */
import type Docker from "dockerode";

export type FilterArgs = Readonly<Record<string, readonly string[]>>;

export interface StackReads {
  /** `GET /services?filters=…[&status=true]`: with `status`, each service carries its running/desired task counts. */
  readonly listServices: (filters: FilterArgs, status: boolean) => Promise<unknown[]>;
  readonly listTasks: (filters: FilterArgs) => Promise<unknown[]>;
  /** The service's name; throws when it cannot be inspected. */
  readonly serviceName: (id: string) => Promise<string>;
  /** The node's name, else its hostname, else the ID; throws when it cannot be inspected. */
  readonly nodeName: (id: string) => Promise<string>;
}

export function createStackReads(docker: Docker): StackReads {
  return {
    listServices: (filters, status) => docker.listServices({ filters: JSON.stringify(filters), ...(status ? { status: true } : {}) }),
    listTasks: (filters) => docker.listTasks({ filters: JSON.stringify(filters) }),
    serviceName: async (id) => ((await docker.getService(id).inspect()) as { Spec: { Name: string } }).Spec.Name,
    nodeName: async (id) => {
      const node = (await docker.getNode(id).inspect()) as { Spec?: { Name?: string }; Description?: { Hostname?: string } };
      return node.Spec?.Name || node.Description?.Hostname || id;
    },
  };
}
