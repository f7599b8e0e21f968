/**
 * The overall verdict of Verify from its probes.
 */
import type { ProbeResult, VerifyVerdict } from "../types";
import { type NamespaceReading, namespaceProblem } from "./namespaces";

/** What the verdict is decided on. */
export interface VerdictInput {
  /** The root-write probe (a create as uid 65534: `pass` = refused with EROFS, `fail` = the mount took the write). */
  rootWrite: ProbeResult;
  /** The mount-table probe. */
  mountTable: ProbeResult;
  /** The ro-mount-write probe. */
  roMountWrite: ProbeResult;
  /** `/` read-only per the kernel's mount table; `null` when the table could not be read. */
  rootReadOnly: boolean | null;
  /** Set when the container stopped or went away during the probes: what was seen. */
  stopped: string | null;
  /** `true` when what interrupted the probes was a pause (`docker pause`, or a freeze under way), not a stop. */
  paused?: boolean;
  /** `HostConfig.ReadonlyRootfs`: what the configuration asks for. */
  configReadOnly: boolean;
  /** `true` when the mount table came from the host's `/proc` (the kernel's answer), not from inside the container. */
  mountTableFromHost: boolean;
  /**
   * Whether the container's processes share PID 1's user and mount namespaces (read from the host's `/proc`);
   * `null` or absent when they were not compared (off the engine's host).
   */
  namespaces?: NamespaceReading | null;
}

/**
 * The verdict and its one-line detail:
 * - `not-enforced` when a write succeeded (root-write or ro-mount-write `fail`) or the mount table shows `/`
 *   read-write — proof stands even if the container stopped afterwards;
 * - `inconclusive` when the container stopped or was paused during the probes (nothing after that point is known);
 * - `inconclusive` when a process of the container lives in a user or mount namespace other than PID 1's (or
 *   the processes could not be compared on the engine's host): PID 1's view proves nothing for it — the detail
 *   names the process and its namespaces;
 * - `inconclusive` when a mount table read inside the container shows `/` read-only although
 *   `ReadonlyRootfs` is false: an answer that contradicts the configuration may be the container's own fake;
 * - `enforced` only when the root write was refused with EROFS *and* the mount table shows `/` read-only;
 * - `inconclusive` otherwise: the detail says which proof is missing. Never `enforced` without both proofs.
 */
export function overallVerdict(input: VerdictInput): { verdict: VerifyVerdict; detail: string } {
  const { rootWrite, mountTable, roMountWrite, rootReadOnly, stopped } = input;
  if (rootWrite.status === "fail") return { verdict: "not-enforced", detail: rootWrite.evidence };
  if (rootReadOnly === false) {
    return { verdict: "not-enforced", detail: `the kernel's mount table says: ${mountTable.evidence}` };
  }
  if (roMountWrite.status === "fail") return { verdict: "not-enforced", detail: roMountWrite.evidence };
  if (stopped !== null) {
    const what = input.paused ? "was paused" : "stopped";
    return { verdict: "inconclusive", detail: `the container ${what} during the probes: ${stopped}` };
  }
  const apart = input.namespaces ? namespaceProblem(input.namespaces) : null;
  if (apart !== null) return { verdict: "inconclusive", detail: apart };
  if (rootReadOnly === true && !input.configReadOnly && !input.mountTableFromHost) {
    return {
      verdict: "inconclusive",
      detail:
        "the mount table read inside the container shows / read-only, but ReadonlyRootfs is false: an answer that contradicts the configuration proves nothing",
    };
  }
  if (rootWrite.status === "pass" && rootReadOnly === true) {
    return { verdict: "enforced", detail: rootWrite.evidence };
  }
  if (rootWrite.status === "pass") {
    return {
      verdict: "inconclusive",
      detail: `${rootWrite.evidence}, but the mount table could not confirm / is read-only: ${mountTable.evidence}`,
    };
  }
  if (rootReadOnly === true) {
    return {
      verdict: "inconclusive",
      detail: `${rootWrite.evidence}; the mount table shows / read-only, but no write could prove it`,
    };
  }
  return { verdict: "inconclusive", detail: `${rootWrite.evidence}; mount table: ${mountTable.evidence}` };
}
