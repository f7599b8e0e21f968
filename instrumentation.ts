/** Runs once when the server starts: refuse unsafe settings before serving anything. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseUnsafeStart } = await import("@/lib/security/startup-check");
  refuseUnsafeStart();
}
