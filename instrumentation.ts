import { readSettings, SettingsError, startupProblem } from "@/lib/security/settings";

/** Runs once when the server starts: refuse unsafe settings before serving anything. */
export function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  let problem: string | null;
  try {
    problem = startupProblem(readSettings());
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    problem = error.message;
  }
  if (problem) {
    console.error(`roaudit: ${problem}`);
    process.exit(1);
  }
}
