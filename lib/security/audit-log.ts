/**
 * The audit log: one structured JSON line on stdout for every exec roaudit runs in a container.
 */

/** One audit record. */
export interface ExecAuditRecord {
  /** ISO 8601 time the probe finished (or was refused). */
  at: string;
  /** Full container id. */
  containerId: string;
  /** Container name without `/`, when known. */
  containerName: string | null;
  /** Probe id, e.g. `root-write` (the `touch /etc/test-file` check). */
  probe: string;
  /** Verdict, or the error code when no exec ran to an end. */
  outcome: string;
  /** `token`, `session:<8 chars>`, or `null` when no access token is configured. */
  identity: string | null;
}

/** Writes one record as a single JSON line, `{"type":"roaudit.exec",…}`. */
export function auditExec(
  record: ExecAuditRecord,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): void {
  write(JSON.stringify({ type: "roaudit.exec", ...record }));
}

/** One create, start or remove of a trial run's sibling (see `lib/docker/trial.ts`). */
export interface TrialAuditRecord {
  /** ISO 8601 time of the operation. */
  at: string;
  /** The trial's id (the `roaudit.trial` label's value). */
  trialId: string;
  /** The original container's full id and name: the sibling is a copy of it. */
  containerId: string;
  containerName: string | null;
  action: "create" | "start" | "remove";
  /** The sibling's name. */
  sibling: string;
  /** `ok`, `gone`, or the engine's HTTP status / `error`. */
  outcome: string;
  /** Who asked: `token`, `session:<8 chars>`, or `null` when no access token is configured. */
  identity: string | null;
}

/** Writes one trial record as a single JSON line, `{"type":"roaudit.trial",…}`. */
export function auditTrial(
  record: TrialAuditRecord,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): void {
  write(JSON.stringify({ type: "roaudit.trial", ...record }));
}
