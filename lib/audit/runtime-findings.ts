/**
 * Runtime findings: what a Verify read from the kernel corrects or confirms in a container's checks.
 */
import { CAPABILITIES_BY_BIT, ENGINE_DEFAULT_CAPABILITIES, normalizeCapabilities } from "./capabilities";
import { NAMESPACED, uidText } from "./runtime/process-identity";
import type {
  CheckId,
  CheckResult,
  ProbeId,
  ProcessIdentity,
  RuntimeObservation,
  Severity,
  Verification,
} from "./types";

/** What a probe says about one check: a corrected result, or a confirmation of the configured one. */
type Finding =
  | { kind: "correct"; status: "pass" | "fail"; message: string; severity?: Severity }
  | { kind: "confirm" };

interface Rule {
  probe: ProbeId;
  /** Runtime evidence to add, keyed `runtime.<field>`; `null` when the probe has nothing for this check. */
  evidence(o: RuntimeObservation): Record<string, string | number | boolean | string[]> | null;
  decide(o: RuntimeObservation, check: CheckResult, capAdd: ReadonlySet<string>): Finding;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
const processOf = (o: RuntimeObservation): ProcessIdentity => o.process as ProcessIdentity;

/**
 * PID 1's capability sets as runtime evidence. Sets held in a non-initial user namespace are that namespace's
 * (`runtime.capabilities` says so): they neither clear nor worsen a capability finding, which stands as configured.
 */
function capsEvidence(o: RuntimeObservation): Record<string, string[] | string> | null {
  if (!o.process) return null;
  const sets = { "runtime.CapBnd": o.process.capBnd, "runtime.CapEff": o.process.capEff };
  return o.process.capsNamespaced ? { ...sets, "runtime.capabilities": NAMESPACED } : sets;
}

/**
 * One rule per check a probe can decide. A `correct` finding replaces status and message where they differ
 * from the configured result; a `confirm` keeps it. Either way the check gets `runtime` and the reading.
 */
const RULES: Partial<Record<CheckId, Rule>> = {
  "non-root-user": {
    probe: "process-identity",
    evidence: (o) => (o.process ? { "runtime.Uid": o.process.uid } : null),
    decide: (o) => {
      const p = processOf(o);
      return p.uid === 0
        ? { kind: "correct", status: "fail", message: `${uidText(p)} at runtime` }
        : { kind: "correct", status: "pass", message: `runs as ${uidText(p)} at runtime` };
    },
  },
  "cap-drop-all": {
    probe: "process-identity",
    evidence: capsEvidence,
    decide: (o, check, capAdd) => {
      if (processOf(o).capsNamespaced) return { kind: "confirm" };
      // --privileged is already a failure whatever the set; the bounding set is the most any process
      // in the container can hold (a non-root PID 1 shows an empty CapEff but may gain them through setuid).
      if (check.evidence["HostConfig.Privileged"] === true) return { kind: "confirm" };
      const kept = processOf(o).capBnd.filter(
        (c) => ENGINE_DEFAULT_CAPABILITIES.includes(c) && !capAdd.has(c),
      );
      return kept.length === 0
        ? { kind: "correct", status: "pass", message: "no default capability left at runtime (CapBnd)" }
        : { kind: "correct", status: "fail", message: `holds ${kept.join(", ")} at runtime (CapBnd)` };
    },
  },
  "added-capabilities": {
    probe: "process-identity",
    evidence: capsEvidence,
    decide: (o, _check, capAdd) => {
      if (processOf(o).capsNamespaced) return { kind: "confirm" };
      const unexpected = processOf(o).capBnd.filter(
        (c) => !ENGINE_DEFAULT_CAPABILITIES.includes(c) && !capAdd.has(c),
      );
      if (unexpected.length === 0) return { kind: "confirm" };
      return {
        kind: "correct",
        status: "fail",
        severity: "high",
        message: `holds ${unexpected.join(", ")} at runtime, beyond the engine's defaults and CapAdd`,
      };
    },
  },
  "read-only-rootfs": {
    probe: "mount-table",
    evidence: (o) => (o.rootReadOnly === null ? null : { "runtime./": o.rootReadOnly ? "ro" : "rw" }),
    decide: (o) =>
      o.rootReadOnly === false
        ? { kind: "correct", status: "fail", message: "/ is mounted read-write at runtime" }
        : { kind: "confirm" },
  },
  "no-new-privileges": {
    probe: "process-identity",
    evidence: (o) => (o.process?.noNewPrivs == null ? null : { "runtime.NoNewPrivs": o.process.noNewPrivs }),
    decide: (o) =>
      processOf(o).noNewPrivs
        ? { kind: "correct", status: "pass", message: "NoNewPrivs is 1 at runtime" }
        : { kind: "correct", status: "fail", message: "NoNewPrivs is 0 at runtime" },
  },
  "seccomp-profile": {
    probe: "process-identity",
    evidence: (o) => (o.process?.seccomp == null ? null : { "runtime.Seccomp": o.process.seccomp }),
    decide: (o) =>
      processOf(o).seccomp === 0
        ? { kind: "correct", status: "fail", message: "seccomp is off at runtime (Seccomp: 0)" }
        : {
            kind: "correct",
            status: "pass",
            message: `seccomp is on at runtime (Seccomp: ${processOf(o).seccomp})`,
          },
  },
  "tmpfs-noexec": {
    probe: "tmpfs-exec",
    evidence: (o) =>
      o.tmpfsExec && o.tmpfsExec.ran.length + o.tmpfsExec.refused.length > 0
        ? { "runtime.ran": o.tmpfsExec.ran, "runtime.refused": o.tmpfsExec.refused }
        : null,
    decide: (o) => {
      const ran = o.tmpfsExec?.ran ?? [];
      return ran.length > 0
        ? { kind: "correct", status: "fail", message: `a written file ran at runtime on ${ran.join(", ")}` }
        : { kind: "confirm" };
    },
  },
};

const UNTRUSTED_SOURCE = "read inside the container, which could fake it: it cannot clear this finding";

/**
 * The check results with the Verify's runtime findings applied (`auditContainer` applies them before waivers
 * and scoring, so a waiver accepts what the kernel shows).
 * For each check a probe read (non-root-user, cap-drop-all, added-capabilities, read-only-rootfs,
 * no-new-privileges, seccomp-profile, tmpfs-noexec): the kernel's reading is added to the evidence as
 * `runtime.<field>`, the check gets `runtime: { probe, checkedAt }`, and where the kernel contradicts the
 * configuration the status and message are the kernel's (e.g. `USER app` that is uid 0: `fail`,
 * "uid 0 at runtime"). Checks whose probe did not run are left as they are.
 * A reading a container could have faked — anything read through exec inside it (`observed.procFromHost`
 * not `true`, and every tmpfs-exec result) — never clears a failed check: it is added to the evidence with
 * `runtime.source` saying why it did not count, and the configured finding stands.
 * Returns a copy of `results` when there is nothing to apply.
 */
export function runtimeCorrectedChecks(
  results: readonly CheckResult[],
  verification: Verification | null,
): CheckResult[] {
  const observed = verification?.observed;
  if (!verification || !observed) return [...results];
  // HostConfig.CapAdd, as the added-capabilities check recorded it: what the configuration meant to grant.
  const added = results.find((c) => c.id === "added-capabilities")?.evidence["HostConfig.CapAdd"];
  const named = normalizeCapabilities(asList(added));
  // CapAdd ALL asks for every capability (moby's TweakCapabilities): none of them is unexpected at runtime.
  const capAdd = new Set(named.includes("ALL") ? CAPABILITIES_BY_BIT : named);
  return results.map((check): CheckResult => {
    const rule = RULES[check.id];
    if (!rule || check.status === "waived") return check;
    const reading = rule.evidence(observed);
    if (reading === null) return check;
    const finding = rule.decide(observed, check, capAdd);
    const runtime = { probe: rule.probe, checkedAt: verification.checkedAt };
    const evidence = { ...check.evidence, ...reading };
    if (finding.kind === "confirm" || finding.status === check.status) {
      return { ...check, evidence, runtime };
    }
    const fromHost = rule.probe !== "tmpfs-exec" && observed.procFromHost === true;
    if (finding.status === "pass" && !fromHost) {
      return { ...check, evidence: { ...evidence, "runtime.source": UNTRUSTED_SOURCE } };
    }
    const severity = finding.status === "fail" && finding.severity ? finding.severity : check.severity;
    return { ...check, status: finding.status, severity, message: finding.message, evidence, runtime };
  });
}
