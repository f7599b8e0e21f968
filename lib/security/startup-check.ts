/**
 * The server's start-up refusal, in a module only the Node.js runtime loads (see `instrumentation.ts`).
 */
import { readSettings, SettingsError, startupProblem } from "./settings";

/** Exits the process with a clear message when the settings are unsafe or unusable. */
export function refuseUnsafeStart(): void {
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
