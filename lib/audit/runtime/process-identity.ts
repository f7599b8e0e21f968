/**
 * The process-identity probe: who PID 1 is and what it may do, as the kernel says.
 */
import { DANGEROUS_CAPABILITIES } from "../capabilities";
import type { ProbeResult, ProcessIdentity } from "../types";

const SECCOMP_MODE = { 0: "0 (off)", 1: "1 (strict)", 2: "2 (filter)" } as const;

/** `uid 0 (uid 100000 on the host: user namespace)`, or just `uid 1000`. */
export function uidText(p: ProcessIdentity): string {
  return p.hostUid === null ? `uid ${p.uid}` : `uid ${p.uid} (uid ${p.hostUid} on the host: user namespace)`;
}

/** What capabilities held in a non-initial user namespace are. */
export const NAMESPACED = "namespaced: held in a non-initial user namespace, not on the host";

function capsText(caps: readonly string[]): string {
  return caps.length === 0 ? "none" : caps.join(",");
}

/**
 * Classifies PID 1's identity (`parseProcStatus` output).
 * - `fail`: effective uid 0 in the container (a user namespace makes it less dangerous on the host, not
 *   non-root: the evidence names the host uid), a capability of {@link DANGEROUS_CAPABILITIES} in `CapEff`
 *   (unless `capsNamespaced`: capabilities of a non-initial user namespace are shown as namespaced, never as
 *   host-effective), or seccomp off (`Seccomp: 0`).
 * - `pass`: otherwise.
 * Evidence: one line with uid/gid, `CapEff`, `NoNewPrivs` and `Seccomp`; `details` one line per field,
 * `CapBnd` included.
 */
export function classifyProcessIdentity(p: ProcessIdentity, source: string): ProbeResult {
  const problems: string[] = [];
  if (p.uid === 0) problems.push("runs as uid 0");
  const dangerous = p.capEff.filter((c) => DANGEROUS_CAPABILITIES.has(c));
  // Capabilities held in a non-initial user namespace act on that namespace only: never host privileges.
  if (dangerous.length > 0 && !p.capsNamespaced) problems.push(`holds ${dangerous.join(", ")}`);
  if (p.seccomp === 0) problems.push("seccomp is off");
  const nnp = p.noNewPrivs === null ? "not shown" : p.noNewPrivs ? "1" : "0";
  const seccomp = p.seccomp === null ? "not shown" : SECCOMP_MODE[p.seccomp];
  const capEff = p.capsNamespaced ? `${capsText(p.capEff)} (${NAMESPACED})` : capsText(p.capEff);
  const summary = `${uidText(p)} gid ${p.gid}; CapEff ${capEff}; NoNewPrivs ${nnp}; Seccomp ${seccomp}`;
  return {
    id: "process-identity",
    status: problems.length > 0 ? "fail" : "pass",
    evidence: problems.length > 0 ? `PID 1 ${problems.join(", ")}: ${summary}` : summary,
    details: [
      `read from ${source}`,
      `Uid (effective): ${uidText(p)}`,
      `Gid (effective): ${p.gid}`,
      `CapEff: ${capEff}`,
      `CapBnd: ${p.capsNamespaced ? `${capsText(p.capBnd)} (${NAMESPACED})` : capsText(p.capBnd)}`,
      `NoNewPrivs: ${nnp}`,
      `Seccomp: ${seccomp}`,
    ],
  };
}
