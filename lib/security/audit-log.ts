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
