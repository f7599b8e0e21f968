/**
 * The label on every container and volume a trial run creates (`roaudit.trial=<trial id>`). No `server-only`
 * marker: `instrumentation.ts` sweeps by it at start-up.
 */
export const TRIAL_LABEL = "roaudit.trial";
