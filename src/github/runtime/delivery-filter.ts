import { LRUCache } from "lru-cache";

/**
 * Remembers the last delivery ids seen, so a redelivered webhook (GitHub's
 * "Redeliver", a retry after a timeout) runs nothing twice. Bounded: the
 * oldest ids are forgotten first (a duplicate does not make its id newer).
 */
export interface DeliveryFilter {
  /** True the first time an id is seen, false for a duplicate. */
  acceptDelivery(id: string): boolean;
}

export function createDeliveryFilter(capacity = 1000): DeliveryFilter {
  const seen = new LRUCache<string, true>({ max: capacity });
  return {
    acceptDelivery(id) {
      if (seen.has(id)) return false;
      seen.set(id, true);
      return true;
    },
  };
}
