/**
 * How often the dashboard re-reads what it shows (the fleet, a container's page), and how often a failed
 * read is retried, in ms. The one place this interval lives.
 */
export const REFRESH_MS = 5000;
