/** The first instant of the UTC month containing `now`. */
export const monthStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** `YYYY-MM-DD` of an ISO timestamp, in UTC. */
export const utcDay = (iso: string): string => iso.slice(0, 10);
