import { formatBytes, MAX_BYTES_PER_LOAD, MAX_FILES_PER_LOAD, MAX_PARSED_BYTES_PER_LOAD, type SizeLimit } from "./read-limits.js";
import { refuseRepoSize, refuseSize } from "./refused-read.js";

/** What one FileTree has read so far, checked against the limits of one load. */
export interface ReadBudget {
  /** Throws a RefusedReadError when `file` is over `limit` or would take the load past a total. */
  charge(file: string, bytes: number, limit: SizeLimit): void;
}

/**
 * Counts each distinct file once: a plan reads some files twice (a mounted
 * file when resolving and when building specs), which costs no new memory.
 */
export function createReadBudget(): ReadBudget {
  const read = new Set<string>();
  const parsed = new Set<string>();
  let bytes = 0;
  let parsedBytes = 0;
  return {
    charge(file, size, limit) {
      if (size > limit.maxBytes) throw refuseSize(file, size, limit);
      if (!read.has(file)) {
        if (read.size + 1 > MAX_FILES_PER_LOAD) throw refuseRepoSize(file, `${MAX_FILES_PER_LOAD} files`);
        if (bytes + size > MAX_BYTES_PER_LOAD) throw refuseRepoSize(file, formatBytes(MAX_BYTES_PER_LOAD));
        read.add(file);
        bytes += size;
      }
      if (limit.parsed && !parsed.has(file)) {
        if (parsedBytes + size > MAX_PARSED_BYTES_PER_LOAD) throw refuseRepoSize(file, `${formatBytes(MAX_PARSED_BYTES_PER_LOAD)} of YAML and JSON`);
        parsed.add(file);
        parsedBytes += size;
      }
    },
  };
}
