/** Runs once when the server starts: refuse unsafe settings before serving anything. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseUnsafeStart } = await import("@/lib/security/startup-check");
  refuseUnsafeStart();
  // An invalid policy file is reported (here, on /api/health and in the page), never fatal: see lib/policy.
  const { reportPolicyAtStart } = await import("@/lib/policy/load");
  reportPolicyAtStart();
  // Trial siblings left by a roaudit stopped mid-trial go now (lib/docker/trial.ts sweeps before each trial too).
  const { settings } = await import("@/lib/security/settings");
  if (settings().trials) {
    const { sweepTrialsAtStart } = await import("@/lib/docker/trial-startup-sweep");
    await sweepTrialsAtStart();
  }
}
