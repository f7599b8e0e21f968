/**
 * Whether every process of a container lives in PID 1's user and mount namespaces. Verify reads `/` and the
 * mounts from PID 1's view; a process that made its own user+mount namespace (`unshare -Urm`, possible where
 * seccomp and AppArmor are unconfined) sees mounts of its own, and can remount or cover them there, so no
 * reading of PID 1's proves anything about what that process can write.
 */

import type { ProbeResult } from "../types";

/** The namespaces of one process, as the host's `/proc/<pid>/ns/{user,mnt}` links name them (`user:[4026531837]`). */
export interface ProcessNamespaces {
  /** Host pid. */
  pid: number;
  /** Link text of `ns/user`; `null` when it could not be read (the process ended). */
  user: string | null;
  /** Link text of `ns/mnt`; `null` when it could not be read. */
  mnt: string | null;
}

/** One process living apart from PID 1, and in which namespaces. */
export interface ApartProcess {
  pid: number;
  /** Which of its namespaces differ from PID 1's, in the order `user`, `mnt`. */
  differ: ("user" | "mnt")[];
  user: string | null;
  mnt: string | null;
}

/**
 * What the comparison found:
 * - `same`: every process that could be read shares PID 1's user and mount namespaces (`checked` processes);
 * - `apart`: these processes do not (the read-only verdicts cannot be proven from PID 1's view);
 * - `unknown`: the processes could not be listed or PID 1's namespaces read, and why.
 */
export type NamespaceReading =
  | { kind: "same"; checked: number }
  | { kind: "apart"; pid1: ProcessNamespaces; processes: ApartProcess[] }
  | { kind: "unknown"; reason: string };

/**
 * Compares each process of `processes` (PID 1 itself may be among them) with `pid1`. A process whose links
 * could not be read (it ended meanwhile) counts neither way. `unknown` when PID 1's own links are missing.
 */
export function compareNamespaces(
  pid1: ProcessNamespaces,
  processes: readonly ProcessNamespaces[],
): NamespaceReading {
  if (pid1.user === null || pid1.mnt === null) {
    return { kind: "unknown", reason: `the namespaces of PID 1 (host pid ${pid1.pid}) could not be read` };
  }
  const apart: ApartProcess[] = [];
  let checked = 0;
  for (const p of processes) {
    if (p.pid === pid1.pid || p.user === null || p.mnt === null) continue;
    checked += 1;
    const differ: ApartProcess["differ"] = [];
    if (p.user !== pid1.user) differ.push("user");
    if (p.mnt !== pid1.mnt) differ.push("mnt");
    if (differ.length > 0) apart.push({ pid: p.pid, differ, user: p.user, mnt: p.mnt });
  }
  return apart.length > 0 ? { kind: "apart", pid1, processes: apart } : { kind: "same", checked };
}

/** Processes named in a sentence, at most. */
const NAMED = 3;

/**
 * For people: why the read-only verdicts cannot be proven (`apart`, `unknown`), or `null` for `same`. E.g.
 * "process 4242 (host pid) lives in user namespace user:[4026532301] and mount namespace mnt:[4026532302], not
 * PID 1's (user:[4026531837], mnt:[4026532177]): it sees mounts of its own, so PID 1's view proves nothing
 * for it".
 */
export function namespaceProblem(reading: NamespaceReading): string | null {
  if (reading.kind === "same") return null;
  if (reading.kind === "unknown")
    return `the container's processes could not be compared with PID 1's namespaces: ${reading.reason}`;
  const { pid1, processes } = reading;
  const named = processes.slice(0, NAMED).map((p) => {
    const where = p.differ
      .map((d) => (d === "user" ? `user namespace ${p.user}` : `mount namespace ${p.mnt}`))
      .join(" and ");
    return `process ${p.pid} (host pid) lives in ${where}`;
  });
  const more = processes.length > NAMED ? ` (and ${processes.length - NAMED} more)` : "";
  const verb = processes.length === 1 ? "it sees" : "they see";
  return `${named.join("; ")}${more}, not PID 1's (${pid1.user}, ${pid1.mnt}): ${verb} mounts of ${processes.length === 1 ? "its" : "their"} own, so PID 1's view proves nothing for ${processes.length === 1 ? "it" : "them"}`;
}

/**
 * A read-only proof from PID 1's view (`pass`) is no proof when a process of the container lives in other
 * user or mount namespaces (`apart`: why, naming it): `skipped`, saying so, with PID 1's own reading kept.
 */
export function unproven(probe: ProbeResult, apart: string | null): ProbeResult {
  if (apart === null || probe.status !== "pass") return probe;
  return { ...probe, status: "skipped", evidence: `${apart}; PID 1's own view: ${probe.evidence}` };
}

/**
 * Names, in process-identity's details, each process of the container in a user namespace other than PID 1's:
 * the capabilities it holds there are namespaced (they act on that namespace's own mounts and ids only),
 * not capabilities on the host.
 */
export function withNamespacedCaps(probe: ProbeResult, namespaces: NamespaceReading | null): ProbeResult {
  if (namespaces?.kind !== "apart") return probe;
  const lines = namespaces.processes
    .filter((p) => p.differ.includes("user"))
    .map(
      (p) =>
        `process ${p.pid} (host pid) lives in user namespace ${p.user}, not PID 1's ${namespaces.pid1.user}: capabilities it holds there are namespaced, not host-effective`,
    );
  return lines.length === 0 ? probe : { ...probe, details: [...(probe.details ?? []), ...lines] };
}
