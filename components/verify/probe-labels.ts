import type { ProbeId, ProbeStatus } from "@/lib/api-types";

/** What a probe does, for its tooltip. */
export const PROBE_HINTS: Record<ProbeId, string> = {
  "root-write":
    "Creates a file in /etc as uid 65534 and removes it: EROFS proves a read-only root, EACCES a writable one.",
  "mount-table":
    "Reads PID 1's mount table (/proc/1/mountinfo): ro/rw, noexec, nosuid, nodev as the kernel has them.",
  "process-identity": "Reads PID 1's uid, gid, capabilities, NoNewPrivs and seccomp mode (/proc/1/status).",
  "tmpfs-exec":
    "Writes a tiny executable in a private folder on each tmpfs and runs it as uid 65534: refused means noexec holds.",
  "ro-mount-write": "Tries to create a file as uid 65534 on each :ro bind or volume: EROFS is expected.",
};

/**
 * What Verify does, in one paragraph built from {@link PROBE_HINTS}: the live probes it runs (docker exec as
 * uid 65534, plus reads of PID 1 from /proc), each file it creates named `.roaudit-<random hex>` and removed.
 */
export const VERIFY_DESCRIPTION = [
  `Live check: runs ${Object.keys(PROBE_HINTS).length} probes in the container (docker exec as uid 65534; probe files are named .roaudit-<random hex> and removed).`,
  ...(Object.keys(PROBE_HINTS) as ProbeId[]).map((id) => `• ${id}: ${PROBE_HINTS[id]}`),
].join("\n");

export const PROBE_STATUS_STYLES: Record<ProbeStatus, string> = {
  pass: "bg-emerald-50 text-emerald-700 ring-emerald-600/25",
  fail: "bg-red-50 text-red-700 ring-red-600/25",
  skipped: "bg-slate-50 text-slate-600 ring-slate-400/30",
};

export const PROBE_STATUS_ICONS: Record<ProbeStatus, string> = { pass: "✓", fail: "✕", skipped: "–" };

/** Said beside a verdict whose `run` is `previous`: it probed a run of the container that has ended. */
export const PREVIOUS_RUN_NOTE = "previous run: the container restarted or stopped since; verify again";
