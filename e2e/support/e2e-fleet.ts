/**
 * The labelled fleet the end-to-end suite runs against (suite `e2e`), with the grade each must get.
 * Scores follow `score()` in lib/audit/score.ts: 100 − 15 per high, 8 per medium, 3 per low failure;
 * a failed critical caps at 59.
 */
import { engineSocketPath, type FleetSpec } from "./fleet";

/** Suite label value of the e2e fleet. */
export const E2E_SUITE = "e2e";

/** `docker run` flags of a container that passes every check (grade A, 100). */
export const HARDENED = [
  "--read-only",
  "--tmpfs",
  "/tmp:rw,noexec,nosuid,size=16m",
  "--user",
  "1000:1000",
  "--cap-drop",
  "ALL",
  "--security-opt",
  "no-new-privileges",
  "--memory",
  "64m",
  "--pids-limit",
  "64",
];
const without = (flags: string[], drop: string[]) => {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i += 1) {
    const flag = flags[i] ?? "";
    if (drop.includes(flag)) {
      if (flag !== "--read-only") i += 1;
      continue;
    }
    out.push(flag);
  }
  return out;
};

/** Compose labels, as Compose sets them on the containers it creates. */
const compose = (project: string, service?: string): string[] => [
  "--label",
  `com.docker.compose.project=${project}`,
  ...(service === undefined ? [] : ["--label", `com.docker.compose.service=${service}`]),
];

/** A waiver label `roaudit.waive.<check>=<reason>`. */
const waive = (check: string, reason: string): string[] => ["--label", `roaudit.waive.${check}=${reason}`];

/** Hostile waiver reasons: markup that must stay text, and a spreadsheet formula. */
export const HOSTILE_REASON = "<img src=x onerror=alert(1)>";
export const FORMULA_REASON = '=HYPERLINK("http://evil.example","click")';

/** One e2e container: how it is made and what the audit must say. */
export interface E2EContainer extends FleetSpec {
  grade: "A" | "B" | "C" | "D" | "F";
  score: number;
  /** Check statuses the audit must report (a subset). */
  statuses: Record<string, "pass" | "fail" | "na" | "waived">;
  /** Compose project and service labels, when it has them. */
  compose?: { project: string; service: string | null };
  /** Verify verdict when the container runs. */
  verdict?: "enforced" | "not-enforced" | "inconclusive";
}

/** The e2e fleet. */
export function e2eFleet(): E2EContainer[] {
  return [
    {
      name: "e2e-hardened",
      args: [...HARDENED, ...compose("e2e-shop", "web")],
      compose: { project: "e2e-shop", service: "web" },
      grade: "A",
      score: 100,
      statuses: {
        "read-only-rootfs": "pass",
        "tmpfs-noexec": "pass",
        "tmpfs-size": "pass",
        "non-root-user": "pass",
        "cap-drop-all": "pass",
      },
      verdict: "enforced",
    },
    {
      name: "e2e-hardened-root",
      args: without(HARDENED, ["--user"]),
      grade: "B",
      score: 85,
      statuses: { "non-root-user": "fail", "read-only-rootfs": "pass" },
      verdict: "enforced",
    },
    {
      name: "e2e-hardened-root-writable",
      args: without(HARDENED, ["--user", "--read-only"]),
      grade: "C",
      score: 70,
      statuses: { "read-only-rootfs": "fail", "non-root-user": "fail" },
      verdict: "not-enforced",
    },
    {
      name: "e2e-writable",
      args: [],
      grade: "F",
      score: 36,
      statuses: {
        "read-only-rootfs": "fail",
        "tmpfs-noexec": "na",
        "non-root-user": "fail",
        "cap-drop-all": "fail",
      },
      verdict: "not-enforced",
    },
    {
      name: "e2e-readonly",
      args: ["--read-only", ...compose("e2e-blog")],
      compose: { project: "e2e-blog", service: null },
      grade: "F",
      score: 51,
      statuses: { "read-only-rootfs": "pass", "tmpfs-noexec": "na" },
      verdict: "enforced",
    },
    {
      name: "e2e-tmpfs-default",
      args: ["--read-only", "--tmpfs", "/tmp"],
      grade: "F",
      score: 48,
      statuses: { "tmpfs-noexec": "pass", "tmpfs-nosuid": "pass", "tmpfs-size": "fail" },
      verdict: "enforced",
    },
    {
      name: "e2e-tmpfs-exec",
      args: ["--read-only", "--tmpfs", "/x:exec"],
      grade: "F",
      score: 40,
      statuses: { "tmpfs-noexec": "fail", "tmpfs-nosuid": "pass", "tmpfs-size": "fail" },
    },
    {
      name: "e2e-tmpfs-mount",
      args: ["--read-only", "--mount", "type=tmpfs,dst=/cache,tmpfs-size=16777216"],
      grade: "F",
      score: 51,
      statuses: { "tmpfs-noexec": "pass", "tmpfs-nosuid": "pass", "tmpfs-size": "pass" },
    },
    {
      name: "e2e-capdrop-lower",
      args: ["--cap-drop", "all"],
      grade: "F",
      score: 51,
      statuses: { "cap-drop-all": "pass", "added-capabilities": "pass" },
    },
    {
      name: "e2e-user-0",
      args: ["--user", "0:0"],
      grade: "F",
      score: 36,
      statuses: { "non-root-user": "fail" },
    },
    {
      name: "e2e-socket-ro",
      args: ["--read-only", "-v", `${engineSocketPath()}:/var/run/docker.sock:ro`],
      grade: "F",
      score: 11,
      statuses: { "docker-socket-mount": "fail", "writable-bind-mount": "pass", "read-only-rootfs": "pass" },
    },
    {
      name: "e2e-seccomp-unconfined",
      args: ["--security-opt", "seccomp=unconfined"],
      grade: "F",
      score: 21,
      statuses: { "seccomp-profile": "fail" },
    },
    {
      name: "e2e-noshell",
      image: "roaudit-fixture:noshell",
      args: ["--read-only"],
      grade: "F",
      score: 51,
      statuses: { "read-only-rootfs": "pass" },
      verdict: "inconclusive",
    },
    {
      // Runs as root with a writable root, both accepted by waiver labels with hostile reasons: grade A.
      name: "e2e-waived-root",
      args: [
        ...without(HARDENED, ["--user", "--read-only"]),
        ...waive("non-root-user", HOSTILE_REASON),
        ...waive("read-only-rootfs", FORMULA_REASON),
        ...compose("e2e-shop", "web"),
      ],
      compose: { project: "e2e-shop", service: "web" },
      grade: "A",
      score: 100,
      statuses: { "non-root-user": "waived", "read-only-rootfs": "waived", "cap-drop-all": "pass" },
    },
    {
      // Waiver labels that are ignored and flagged: one without a reason, one for a check that does not exist.
      name: "e2e-waived-empty",
      args: [
        ...without(HARDENED, ["--user"]),
        ...waive("non-root-user", ""),
        ...waive("no-such-check", "because"),
        ...compose("e2e-shop", "worker"),
      ],
      compose: { project: "e2e-shop", service: "worker" },
      grade: "B",
      score: 85,
      statuses: { "non-root-user": "fail", "read-only-rootfs": "pass" },
    },
    {
      name: "e2e-privileged",
      args: ["--privileged", "--read-only", "--cap-drop", "ALL"],
      start: false,
      grade: "F",
      score: 0,
      statuses: {
        privileged: "fail",
        "read-only-rootfs": "fail",
        "cap-drop-all": "fail",
        "seccomp-profile": "fail",
      },
    },
  ];
}
