/**
 * The commit status contexts Phoenix sets: one per concern, so a deploy's
 * result, the live system's health and the certificates never overwrite
 * each other on a commit.
 */
export const SYNC_CONTEXT = "phoenix/sync";
export const HEALTH_CONTEXT = "phoenix/health";
export const CERTIFICATES_CONTEXT = "phoenix/certificates";
