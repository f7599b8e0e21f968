/**
 * One round of a trial run: a labelled sibling of a container, created from the same image, command, user and
 * environment with the plan's configuration (read-only root, the plan's tmpfs mounts, fresh anonymous volumes
 * for its volumes and binds, `--cap-drop ALL` plus the plan's capabilities, no-new-privileges, no network, no
 * published ports, memory/PIDs/CPU caps), run for a bounded time, read (state, health, logs) and removed.
 */
import "server-only";
import { normalizeContainerPath } from "@/lib/audit/container-path";
import type { RemediationPlan } from "@/lib/audit/remediation/types";
import type { TrialRoundOutcome } from "@/lib/audit/trial/types";
import { coversSystemFolder } from "@/lib/audit/write-paths";
import { docker, engineCall } from "./client";
import { engineEndpoint } from "./endpoint";
import { engineMessage } from "./errors";
import { readOpenWriteFileTails } from "./open-files";
import { type SiblingConfinement, siblingConfinement } from "./trial-confinement";
import { recordCreated } from "./trial-journal";
import { TRIAL_LABEL } from "./trial-label";
import { capLine, dropPartialFirstLine, logLines, redactEnv, redactError } from "./trial-logs";

export { TRIAL_LABEL };

/** Caps of every sibling: 256 MiB (or less, as today), 256 PIDs (or fewer), one CPU. */
const MAX_MEMORY_BYTES = 256 * 1024 ** 2;
const MAX_PIDS = 256;
const NANO_CPUS = 1_000_000_000;
/** Log lines read per round, and kept as evidence. */
const LOG_LINES_READ = 200;
export const LOG_LINES_KEPT = 20;
/** State is polled this often during the bounded run. */
const POLL_MS = 250;

/** What the sibling is made from: the original's own settings, read server-side (never shown). */
export interface SiblingSource {
  /** Original's full id (for the audit log). */
  containerId: string;
  /** `Image` (the image id the original was created from). */
  image: string;
  /** `Config.Entrypoint`, `Config.Cmd`, `Config.User`, `Config.WorkingDir`, `Config.Healthcheck` as the engine has them. */
  entrypoint: unknown;
  cmd: unknown;
  user: string;
  workingDir: string;
  healthcheck: unknown;
  /** `Config.Env`: goes straight into the create call and the log redaction, nowhere else. */
  env: readonly string[];
  /** The original's memory limit in bytes (0: none) and PIDs limit (`null`: none). */
  memoryBytes: number;
  /** The original's confinement, never weakened (`trial-confinement.ts`); absent: the engine's defaults. */
  confinement?: SiblingConfinement;
}

/** One sibling operation, for the audit log. */
export interface TrialAction {
  action: "create" | "start" | "remove";
  /** The sibling's name. */
  sibling: string;
  /** `ok`, or the engine's HTTP status / `error`. */
  outcome: string;
}

/** What one round saw. */
export interface SiblingResult {
  outcome: TrialRoundOutcome;
  exitCode: number | null;
  health: string | null;
  error: string | null;
  /** Lines read (at most {@link LOG_LINES_READ} of the last 64 KiB, each capped), env values replaced. */
  lines: string[];
}

/** The engine's `HostConfig` and mounts for the plan. Binds and volumes become fresh labelled anonymous volumes. */
export function siblingHostConfig(
  plan: RemediationPlan,
  source: SiblingSource,
  label: Record<string, string>,
) {
  // The last guard: whatever the plan holds, a sibling never gets a mount over `/`, `/etc`, `/usr`, ….
  const tmpfs: Record<string, string> = {};
  for (const t of plan.tmpfs) {
    const path = normalizeContainerPath(t.path);
    if (path !== null && !coversSystemFolder(path)) tmpfs[path] = t.options;
  }
  return {
    ReadonlyRootfs: true,
    Tmpfs: tmpfs,
    Mounts: plan.mounts
      .filter((m) => !coversSystemFolder(m.target))
      .map((m) => ({
        Type: "volume",
        Target: m.target,
        ReadOnly: m.readOnly,
        VolumeOptions: { Labels: label },
      })),
    CapDrop: ["ALL"],
    CapAdd: plan.capAdd,
    ...(source.confinement ?? siblingConfinement(null)),
    NetworkMode: "none",
    PortBindings: {},
    PublishAllPorts: false,
    Privileged: false,
    Memory: source.memoryBytes > 0 ? Math.min(source.memoryBytes, MAX_MEMORY_BYTES) : MAX_MEMORY_BYTES,
    PidsLimit: Math.min(plan.pidsLimit, MAX_PIDS),
    NanoCpus: NANO_CPUS,
    Init: plan.init,
    RestartPolicy: { Name: "no" },
    AutoRemove: false,
  };
}

/** Splits the engine's multiplexed log stream (8-byte frame headers, no TTY) into text; plain text as it is. */
export function demuxLogs(raw: Buffer): string {
  const chunks: Buffer[] = [];
  let at = 0;
  while (
    at + 8 <= raw.length &&
    raw[at + 1] === 0 &&
    raw[at + 2] === 0 &&
    raw[at + 3] === 0 &&
    (raw[at] ?? 9) <= 2
  ) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (chunks.length === 0) return raw.toString("utf8");
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A round whose sibling the engine refused to create or start: the engine's own message, no logs. */
function didNotStart(error: unknown, env: readonly string[]): SiblingResult {
  const message = redactError(engineMessage(error), env);
  return { outcome: "did-not-start", exitCode: null, health: null, error: message, lines: [] };
}

/**
 * Creates, starts, watches for `runMs` and removes one sibling named `name`, labelled `label`. Healthy, or
 * still running (health not `unhealthy`) at the end, is `started`. The sibling and its anonymous volumes are
 * removed whatever happens; every operation is passed to `onAction`.
 */
export async function runSibling(
  name: string,
  plan: RemediationPlan,
  source: SiblingSource,
  label: Record<string, string>,
  runMs: number,
  onAction: (action: TrialAction) => void,
): Promise<SiblingResult> {
  const outcomeOf = (error: unknown) => {
    const status = (error as { statusCode?: unknown } | null)?.statusCode;
    return typeof status === "number" ? String(status) : "error";
  };
  let id: string | null = null;
  try {
    try {
      const created = await engineCall((d) =>
        d.createContainer({
          name,
          Image: source.image,
          Entrypoint: source.entrypoint,
          Cmd: source.cmd,
          User: source.user,
          WorkingDir: source.workingDir,
          Env: [...source.env],
          Healthcheck: source.healthcheck ?? undefined,
          Labels: label,
          Tty: false,
          NetworkDisabled: false,
          HostConfig: siblingHostConfig(plan, source, label),
        } as object),
      );
      id = created.id;
      onAction({ action: "create", sibling: name, outcome: "ok" });
      // Recorded before it starts, with its anonymous volumes: only what the journal holds is ever swept.
      const trialId = label[TRIAL_LABEL] ?? "";
      const engine = engineEndpoint();
      recordCreated({ kind: "container", ref: created.id, trialId, engine });
      const mounts = (
        (await engineCall((d, s) => d.getContainer(created.id).inspect({ abortSignal: s } as object))) as {
          Mounts?: { Type?: string; Name?: string }[];
        }
      ).Mounts;
      for (const m of mounts ?? []) {
        if (m.Type === "volume" && m.Name) recordCreated({ kind: "volume", ref: m.Name, trialId, engine });
      }
    } catch (error) {
      onAction({ action: "create", sibling: name, outcome: outcomeOf(error) });
      return didNotStart(error, source.env);
    }
    const container = docker().getContainer(id);
    try {
      await engineCall((_, s) => container.start({ abortSignal: s } as object));
      onAction({ action: "start", sibling: name, outcome: "ok" });
    } catch (error) {
      onAction({ action: "start", sibling: name, outcome: outcomeOf(error) });
      return didNotStart(error, source.env);
    }
    const end = Date.now() + runMs;
    let outcome: TrialRoundOutcome = "started";
    let exitCode: number | null = null;
    let health: string | null = null;
    for (;;) {
      const state = (
        (await engineCall((_, s) => container.inspect({ abortSignal: s } as object))) as {
          State?: { Status?: string; ExitCode?: number; Health?: { Status?: string } };
        }
      ).State;
      health = state?.Health?.Status ?? null;
      if (state?.Status === "exited" || state?.Status === "dead") {
        outcome = "exited";
        exitCode = typeof state.ExitCode === "number" ? state.ExitCode : null;
        break;
      }
      if (health === "unhealthy") {
        outcome = "unhealthy";
        break;
      }
      if (health === "healthy" || Date.now() >= end) break;
      await sleep(POLL_MS);
    }
    const raw: unknown = await engineCall(
      (_, s) =>
        container.logs({
          stdout: true,
          stderr: true,
          tail: LOG_LINES_READ,
          follow: false,
          abortSignal: s,
        } as { follow: false }) as Promise<unknown>,
    );
    // Bounded and redacted before anything reads it: one huge line never reaches the diagnosis or the answer.
    const demuxed = demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
    // The tail limit reached: the first entry may be the end of a line the engine split (over 16 KiB).
    const text = dropPartialFirstLine(
      demuxed,
      demuxed.split("\n").filter((l) => l !== "").length >= LOG_LINES_READ,
    );
    const logged = logLines(text, source.env).slice(-LOG_LINES_READ);
    // A running app may log its failures to its own files (nginx's workers to /var/log/nginx/error.log).
    const files = outcome === "started" ? await readOpenWriteFileTails(id) : [];
    const fileLines = files.flatMap((f) =>
      logLines(f.lines.slice(-LOG_LINES_KEPT).join("\n"), source.env).map((l) =>
        capLine(`${redactEnv(`${f.path}: `, source.env)}${l}`),
      ),
    );
    return { outcome, exitCode, health, error: null, lines: [...logged, ...fileLines] };
  } finally {
    if (id !== null) await removeSibling(id, name, onAction);
  }
}

/** Removes a sibling with its anonymous volumes (`docker rm -f -v`); a sibling already gone is fine. */
export async function removeSibling(
  id: string,
  name: string,
  onAction: (action: TrialAction) => void,
): Promise<void> {
  try {
    await engineCall((d, s) => d.getContainer(id).remove({ force: true, v: true, abortSignal: s } as object));
    onAction({ action: "remove", sibling: name, outcome: "ok" });
  } catch (error) {
    const status = (error as { statusCode?: unknown } | null)?.statusCode;
    onAction({
      action: "remove",
      sibling: name,
      outcome: status === 404 ? "gone" : String(status ?? "error"),
    });
  }
}
