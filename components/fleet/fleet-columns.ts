import type { CheckId, CheckStatus, Grade, Severity, VerifyVerdict } from "@/lib/api-types";

/** The five measures of the field guide, each decided by one or more checks. */
export type MeasureKey = "read-only-root" | "tmpfs" | "volumes" | "user" | "capabilities";

export interface MeasureDef {
  key: MeasureKey;
  label: string;
  /** Header tooltip: what the measure asks for. */
  hint: string;
  checkIds: readonly CheckId[];
  /** Badge text when none of its checks applies. */
  naLabel: string;
  /** Column width class, sized to its header. */
  width: string;
}

export const MEASURES: readonly MeasureDef[] = [
  {
    key: "read-only-root",
    label: "Read-only root",
    hint: "Root filesystem mounted read-only (--read-only / read_only: true)",
    checkIds: ["read-only-rootfs"],
    naLabel: "n/a",
    width: "w-24",
  },
  {
    key: "tmpfs",
    label: "tmpfs",
    hint: "Writable scratch space as tmpfs with noexec, nosuid and a size limit",
    checkIds: ["tmpfs-noexec", "tmpfs-nosuid", "tmpfs-size"],
    naLabel: "none",
    width: "w-20",
  },
  {
    key: "volumes",
    label: "Volumes/binds",
    hint: "Bind mounts and volumes read-only (:ro), no sensitive host paths, no Docker socket",
    checkIds: ["writable-bind-mount", "writable-volume", "sensitive-host-mount", "docker-socket-mount"],
    naLabel: "none",
    width: "w-28",
  },
  {
    key: "user",
    label: "User",
    hint: "Main process runs as a non-root user (--user / user:)",
    checkIds: ["non-root-user"],
    naLabel: "n/a",
    width: "w-20",
  },
  {
    key: "capabilities",
    label: "Capabilities",
    hint: "--cap-drop ALL, nothing risky added back, not --privileged",
    checkIds: ["cap-drop-all", "added-capabilities", "privileged"],
    naLabel: "n/a",
    width: "w-26",
  },
];

export { DEFAULT_SORT, type SortDirection, type SortKey } from "@/lib/report/fleet-view";

/** Columns of the fleet table, in order; `FleetRow` renders a cell for each `kind`. */
export type FleetColumn =
  | { kind: "expand"; header: string; srOnly: true; className: string }
  | { kind: "name"; header: string; sortKey: "name"; className: string }
  | { kind: "image"; header: string; className: string }
  | { kind: "grade"; header: string; className: string }
  | { kind: "score"; header: string; sortKey: "score"; className: string }
  | { kind: "measure"; header: string; measure: MeasureDef; className: string }
  | { kind: "verify"; header: string; className: string };

/** Widths are set on the header cells of a fixed-layout table; name and image share what is left. */
export const FLEET_COLUMNS: readonly FleetColumn[] = [
  { kind: "expand", header: "Details", srOnly: true, className: "w-10" },
  { kind: "name", header: "Name", sortKey: "name", className: "" },
  { kind: "image", header: "Image", className: "" },
  { kind: "grade", header: "Grade", className: "w-16" },
  { kind: "score", header: "Score", sortKey: "score", className: "w-28" },
  ...MEASURES.map(
    (measure): FleetColumn => ({ kind: "measure", header: measure.label, measure, className: measure.width }),
  ),
  { kind: "verify", header: "Live check", className: "w-64" },
];

export function columnKey(column: FleetColumn): string {
  return column.kind === "measure" ? `measure-${column.measure.key}` : column.kind;
}

export const GRADE_STYLES: Record<Grade, string> = {
  A: "bg-emerald-700 text-white",
  B: "bg-lime-700 text-white",
  C: "bg-amber-700 text-white",
  D: "bg-orange-700 text-white",
  F: "bg-red-700 text-white",
};

/** Colour of the score bar, by grade. */
export const SCORE_BAR_STYLES: Record<Grade, string> = {
  A: "bg-emerald-500",
  B: "bg-lime-500",
  C: "bg-amber-400",
  D: "bg-orange-500",
  F: "bg-red-500",
};

export const STATUS_STYLES: Record<CheckStatus, string> = {
  pass: "bg-emerald-50 text-emerald-700 ring-emerald-600/25",
  fail: "bg-red-50 text-red-700 ring-red-600/25",
  na: "bg-slate-50 text-slate-500 ring-slate-400/25",
  waived: "bg-violet-50 text-violet-700 ring-violet-600/25",
};

export const STATUS_ICONS: Record<CheckStatus, string> = { pass: "✓", fail: "✕", na: "–", waived: "≈" };

export const SEVERITY_STYLES: Record<Severity, string> = {
  critical: "bg-red-100 text-red-800",
  high: "bg-orange-100 text-orange-800",
  medium: "bg-amber-100 text-amber-800",
  low: "bg-slate-100 text-slate-700",
};

export const VERDICT_STYLES: Record<VerifyVerdict, string> = {
  enforced: "text-emerald-700",
  "not-enforced": "text-red-700",
  inconclusive: "text-amber-700",
};

export const VERDICT_DOT_STYLES: Record<VerifyVerdict, string> = {
  enforced: "bg-emerald-500",
  "not-enforced": "bg-red-500",
  inconclusive: "bg-amber-500",
};

/** Container lifecycle state (`State.Status`) → pill colour; see {@link stateStyle} for unknown states. */
export const STATE_STYLES: Readonly<Record<string, string>> = {
  running: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  paused: "bg-amber-50 text-amber-700 ring-amber-600/20",
  restarting: "bg-amber-50 text-amber-700 ring-amber-600/20",
  created: "bg-sky-50 text-sky-700 ring-sky-600/20",
  exited: "bg-slate-100 text-slate-600 ring-slate-500/20",
  dead: "bg-red-50 text-red-700 ring-red-600/20",
};

export function stateStyle(state: string): string {
  return STATE_STYLES[state] ?? "bg-slate-100 text-slate-600 ring-slate-500/20";
}

/** Score bar widths in steps of 10 points (index = round(score / 10)), as literal classes for Tailwind. */
export const SCORE_BAR_WIDTHS = [
  "w-0",
  "w-[10%]",
  "w-[20%]",
  "w-[30%]",
  "w-[40%]",
  "w-[50%]",
  "w-[60%]",
  "w-[70%]",
  "w-[80%]",
  "w-[90%]",
  "w-full",
] as const;
