/**
 * Remembers the last delivery ids seen, so a redelivered webhook (GitHub's
 * "Redeliver", a retry after a timeout) runs nothing twice. Bounded: the
 * oldest ids are forgotten first.
 */
export interface DeliveryFilter {
  /** True the first time an id is seen, false for a duplicate. */
  acceptDelivery(id: string): boolean;
}

export function createDeliveryFilter(capacity = 1000): DeliveryFilter {
  const seen = new Map<string, true>();
  return {
    acceptDelivery(id) {
      if (seen.has(id)) return false;
      seen.set(id, true);
      // A Map iterates in insertion order: its first key is the oldest.
      if (seen.size > capacity) {
        const oldest = seen.keys().next();
        if (!oldest.done) seen.delete(oldest.value);
      }
      return true;
    },
  };
}
