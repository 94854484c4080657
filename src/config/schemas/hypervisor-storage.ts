import { z } from "zod";
import { GuestIdString, Text } from "./primitives.js";
import { HypervisorFirewall } from "./hypervisor-firewall.js";

/** One NFS export of the host. */
const NfsExport = z.looseObject({
  /** Exported directory on the host. */
  path: Text.describe("Exported directory on the host."),
  /** Hosts or networks allowed to mount it. */
  clients: z.array(Text).optional().describe("Hosts or networks allowed to mount the export."),
  /** Export options (`rw`, `sync`, …). */
  options: z.array(Text).optional().describe("Export options such as rw, sync, no_subtree_check."),
});

/** An NFS share in the older layout (`nfs.shares`). */
const NfsShare = z.looseObject({
  /** Exported directory on the host. */
  path: Text.describe("Exported directory on the host."),
  /** Export options as one string (`rw,async,no_subtree_check`). */
  options: z.string().describe("Export options as one string, e.g. rw,async,no_subtree_check."),
});

/** NFS exports of the hypervisor. */
export const NfsConfig = z.looseObject({
  /** Exports (current layout). */
  exports: z.array(NfsExport).optional().describe("NFS exports of the host."),
  /** Shares (older layout of the same list). */
  shares: z.array(NfsShare).optional().describe("NFS shares (older layout)."),
});

/** One Samba share. */
const SambaShare = z.looseObject({
  /** Share name as clients see it. */
  name: Text.optional().describe("Share name as clients see it."),
  /** Dataset path (`pool/dataset`). */
  path: Text.describe("Dataset path, e.g. quickOS/shared-prod-data."),
  /** smb.conf options for the share. */
  options: z.string().describe("smb.conf options, e.g. browseable=yes writable=yes."),
  /** Users allowed to connect. */
  valid_users: z.array(Text).optional().describe("Users allowed to connect."),
});

/** Samba shares of the hypervisor. */
export const SambaConfig = z.looseObject({
  /** The Samba user. */
  user: Text.describe("The Samba user."),
  /** Shares in smb.conf order. */
  shares: z.array(SambaShare).describe("Samba shares."),
});

/** One ZFS pool. */
const ZfsPool = z.looseObject({
  /** Pool name. */
  name: Text.describe("Pool name."),
  /** Layout: `mirror`, `single`, `raidz1`, … */
  raid_level: Text.describe("Pool layout: mirror, single, raidz1, …"),
  /** Disks by stable id. */
  disks: z.array(Text).describe("Member disks, by /dev/disk/by-id path."),
});

/** One ZFS dataset and how Proxmox uses it. */
const ZfsDataset = z.looseObject({
  /** Dataset name inside the pool. */
  name: Text.describe("Dataset name inside the pool."),
  /** Pool the dataset lives in. */
  pool: Text.describe("Pool the dataset lives in."),
  /** `zfs set` properties, comma separated. */
  properties: z.string().optional().describe("zfs properties, comma separated (recordsize=128K,compression=lz4,…)."),
  /** Proxmox storage type (`zfspool`, `dir`). */
  proxmox_storage_type: Text.optional().describe("Proxmox storage type: zfspool or dir."),
  /** Proxmox content types, comma separated. */
  proxmox_content_type: Text.optional().describe("Proxmox content types, comma separated (images,rootdir,backup,iso,vztmpl)."),
  /** `direct` or `shared`. */
  storage_class: Text.optional().describe("Storage class: direct or shared."),
});

/** ZFS pools and datasets of the hypervisor. */
export const ZfsConfig = z.looseObject({
  /** ARC size limit in GiB. */
  arc_max_gb: z.number().positive("must be a positive number").optional().describe("ZFS ARC size limit in GiB."),
  /** Pools to create. */
  pools: z.array(ZfsPool).optional().describe("ZFS pools."),
  /** Datasets to create and register as Proxmox storage. */
  datasets: z.array(ZfsDataset).optional().describe("ZFS datasets and their Proxmox storage."),
});

/** A host directory bind-mounted into guests. */
const SharedVolume = z.looseObject({
  /** Directory on the host. */
  host_path: Text.describe("Directory on the host."),
  /** Mount point per guest id. */
  mounts: z.record(GuestIdString, Text).describe("Mount point inside each guest, keyed by guest id."),
}).describe("A host directory bind-mounted into guests.");

/**
 * Host directories shared with guests, by volume name. In the main layout the
 * datacenter firewall lives here too, under the key `firewall`.
 */
export const SharedVolumes = z
  .looseObject({
    /** The datacenter firewall (main layout). */
    firewall: HypervisorFirewall.optional().describe("The datacenter firewall (main layout; newer configs use top-level firewall)."),
  })
  .catchall(SharedVolume);
