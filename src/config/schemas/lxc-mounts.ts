import { z } from "zod";
import { SafeAbsolutePath, Text } from "./primitives.js";

const OwnerId = z.number().int("must be a whole number").min(0, "must be 0 or more");

/** A host directory bind-mounted into the container. */
export const LxcMountPoint = z.looseObject({
  /** Directory on the host. */
  host_path: SafeAbsolutePath.describe("Directory on the host (absolute path)."),
  /** Mount point inside the container; certificate paths under it are written into the NGINX and Traefik configuration. */
  container_path: SafeAbsolutePath.describe("Mount point inside the container (absolute path); certificate paths under it reach the NGINX and Traefik configuration."),
  /** Owner uid of the host directory as seen inside the container. */
  owner_uid: OwnerId.optional().describe("Owner uid of the directory inside the container."),
  /** Owner gid of the host directory as seen inside the container. */
  owner_gid: OwnerId.optional().describe("Owner gid of the directory inside the container."),
});

/** A dedicated ZFS volume mounted into the container. */
export const LxcZfsVolume = z.looseObject({
  /** Volume name. */
  name: Text.describe("Volume name."),
  /** Proxmox storage the volume is created on. */
  pool: Text.describe("Proxmox storage the volume is created on."),
  /** Size in GiB. */
  size_gb: z.number().int().min(1, "must be at least 1").describe("Size in GiB."),
  /** Mount point inside the container. */
  mount_point: Text.describe("Mount point inside the container."),
});

/** A uid/gid mapping of an unprivileged container. */
export const LxcIdMap = z.looseObject({
  /** `uid` or `gid`. */
  type: z.enum(["uid", "gid"]).describe("uid or gid."),
  /** First id on the host. */
  host_id: OwnerId.describe("First id on the host."),
  /** First id in the container. */
  container_id: OwnerId.describe("First id in the container."),
  /** Number of ids mapped. */
  size: z.number().int().min(1, "must be at least 1").describe("Number of ids mapped."),
});

/** A command the orchestrator runs to decide the container is healthy. */
export const LxcHealthCheck = z.looseObject({
  /** Command to run. */
  command: Text.describe("Command to run."),
  /** Attempts before giving up. */
  retries: z.number().int().min(0).optional().describe("Attempts before giving up."),
  /** Seconds between attempts. */
  interval: z.number().int().min(0).optional().describe("Seconds between attempts."),
});
