import type { DnsRecord } from "./desired-state.js";
import type { LoadedGuest } from "./loaded-guest.js";
import type { DnsRecordConfig } from "./schemas/dns-record-config.js";
import { originOf } from "./origin.js";

/** The `dns_records` guests declare, in guest order (LXCs, then VMs). */
export function collectDeclaredDnsRecords(guests: readonly LoadedGuest[]): DnsRecord[] {
  return guests.flatMap(({ guest, doc, path }) => {
    const records: readonly DnsRecordConfig[] = guest.config.dns_records ?? [];
    return records.map((record, i) => ({ hostname: record.hostname, ip: record.ip, origin: originOf(doc, [...path, "dns_records", i]) }));
  });
}
