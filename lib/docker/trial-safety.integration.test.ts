/**
 * What a trial run must never do, on the real engine (issue 11):
 * - remove a container or volume it did not create, even one carrying the `roaudit.trial` label (set on its
 *   image or on itself); what a crashed run recorded in the journal is removed at the next start;
 * - run its sibling with weaker confinement than the original (a custom seccomp profile stays);
 * - carry megabytes of one log line into its answer.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { removeFleet } from "@/e2e/support/fleet";
import { engineEndpoint } from "./endpoint";
import { runTrial } from "./trial";
import { readJournal, recordCreated } from "./trial-journal";
import { TRIAL_LABEL } from "./trial-label";
import { sweepTrialsAtStart } from "./trial-startup-sweep";

const execFileAsync = promisify(execFile);
const SUITE = "it-trial-safety";
const TEST_LABEL = `roaudit.test=${SUITE}`;
const IMAGE = "roaudit-fixture:busybox";
const LABELLED_IMAGE = "roaudit-test:trial-labelled";
const RUN_MS = 2_000;

async function docker(args: string[], input?: string): Promise<string> {
  const child = execFileAsync("docker", args, { maxBuffer: 64 * 1024 ** 2 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  const { stdout } = await child;
  return stdout.trim();
}

/** Starts a container of this suite; returns its full id. */
async function run(args: string[]): Promise<string> {
  return docker(["run", "-d", "--network", "none", "--label", TEST_LABEL, ...args]);
}

const exists = async (kind: "container" | "volume", ref: string) =>
  docker([kind, "inspect", "--format", "ok", ref]).then(
    () => true,
    () => false,
  );

let state = "";
let work = "";
let ownedVolumes: string[] = [];

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), "roaudit-it-trial-state-"));
  work = mkdtempSync(path.join(tmpdir(), "roaudit-it-trial-work-"));
  process.env.ROAUDIT_STATE_DIR = state;
  await removeFleet(SUITE);
  await docker(
    ["build", "-q", "-t", LABELLED_IMAGE, "-"],
    `FROM ${IMAGE}\nLABEL ${TRIAL_LABEL}=from-the-image roaudit.test=${SUITE}\n`,
  );
});

afterEach(async () => {
  await removeFleet(SUITE);
  for (const v of ownedVolumes) await docker(["volume", "rm", "-f", v]).catch(() => undefined);
  ownedVolumes = [];
});

afterAll(async () => {
  await docker(["image", "rm", "-f", LABELLED_IMAGE]).catch(() => undefined);
  rmSync(state, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe("sweeps remove only what roaudit recorded", () => {
  it("leaves foreign containers and volumes carrying the label, through a trial and a start-up sweep", async () => {
    const byImage = await run([LABELLED_IMAGE]);
    const byLabel = await run(["--label", `${TRIAL_LABEL}=mine`, IMAGE]);
    const volume = await docker([
      "volume",
      "create",
      "--label",
      `${TRIAL_LABEL}=mine`,
      "--label",
      TEST_LABEL,
    ]);
    ownedVolumes.push(volume);
    const withVolume = await run(["--label", `${TRIAL_LABEL}=x`, "-v", `${volume}:/data`, IMAGE]);
    const target = await run([IMAGE]);

    const trial = await runTrial(target, { identity: null, runMs: RUN_MS });
    expect(trial.rounds.length).toBeGreaterThan(0);
    await sweepTrialsAtStart(() => undefined);

    for (const id of [byImage, byLabel, withVolume]) {
      expect(await docker(["inspect", "--format", "{{.State.Status}}", id])).toBe("running");
    }
    expect(await exists("volume", volume)).toBe(true);
    // The trial's own siblings are gone, and the journal holds nothing of them any more.
    expect(await docker(["ps", "-aq", "--filter", `label=${TRIAL_LABEL}=${trial.trialId}`])).toBe("");
    expect(readJournal().filter((e) => e.trialId === trial.trialId)).toEqual([]);
  });

  it("removes at start-up a sibling a crashed run recorded, and nothing with a different trial id", async () => {
    const sibling = await run(["--label", `${TRIAL_LABEL}=crashed1`, "-v", "/data", IMAGE]);
    const volumes = (
      await docker([
        "inspect",
        "--format",
        '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}',
        sibling,
      ])
    )
      .split(" ")
      .filter(Boolean);
    ownedVolumes.push(...volumes);
    // Recorded, but its label says another trial: not ours any more (a reused id would look like this).
    const relabelled = await run(["--label", `${TRIAL_LABEL}=other`, IMAGE]);
    const engine = engineEndpoint();
    recordCreated({ kind: "container", ref: sibling, trialId: "crashed1", engine });
    recordCreated({ kind: "container", ref: relabelled, trialId: "crashed2", engine });

    const lines: string[] = [];
    await sweepTrialsAtStart((l) => lines.push(l));
    expect(await exists("container", sibling)).toBe(false);
    expect(volumes.length).toBe(1);
    for (const v of volumes) expect(await exists("volume", v)).toBe(false);
    expect(await exists("container", relabelled)).toBe(true);
    expect(lines.join("\n")).toContain("removed 1 trial sibling");
    expect(readJournal().filter((e) => e.ref === sibling || e.ref === relabelled)).toEqual([]);
  });

  it("refuses a trial when the journal cannot be written, creating nothing", async () => {
    const target = await run([IMAGE]);
    const file = path.join(work, "not-a-folder");
    writeFileSync(file, "");
    process.env.ROAUDIT_STATE_DIR = path.join(file, "state");
    try {
      await expect(runTrial(target, { identity: null, runMs: RUN_MS })).rejects.toThrow(/trial journal/);
    } finally {
      process.env.ROAUDIT_STATE_DIR = state;
    }
    expect(await docker(["ps", "-aq", "--filter", "name=roaudit-trial-"])).toBe("");
  });
});

describe("a trial's answer stays small", () => {
  it("cuts a 6 MB log line before the diagnosis and the log tail", async () => {
    const target = await run([
      IMAGE,
      "sh",
      "-c",
      "head -c 6291456 /dev/zero | tr '\\0' y; echo; echo short line; exec sleep infinity",
    ]);
    const trial = await runTrial(target, { identity: null, runMs: RUN_MS });
    const answer = JSON.stringify(trial);
    expect(answer.length).toBeLessThan(100_000);
    const tail = trial.rounds.flatMap((r) => r.logTail);
    expect(tail.some((l) => /characters of earlier log cut/.test(l))).toBe(true);
    expect(tail).toContain("short line");
  });
});

describe("a sibling is never less confined than the engine's default", () => {
  it("drops a custom seccomp profile weaker than the default (allow by default): the default applies in the sibling", async () => {
    const profile = path.join(work, "no-mkdir.json");
    writeFileSync(
      profile,
      JSON.stringify({
        defaultAction: "SCMP_ACT_ALLOW",
        syscalls: [{ names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO" }],
      }),
    );
    const target = await run([
      "--security-opt",
      `seccomp=${profile}`,
      "--security-opt",
      "apparmor=unconfined",
      IMAGE,
      "sh",
      "-c",
      "echo x > /tmp/f; unshare -Ur true && echo unshare-ok; exec sleep infinity",
    ]);
    // The original's deny-list profile lets it make a user namespace, which the engine's default blocks.
    expect(await docker(["logs", target])).toContain("unshare-ok");
    const trial = await runTrial(target, { identity: null, runMs: RUN_MS });
    const tail = trial.rounds.flatMap((r) => r.logTail).join("\n");
    expect(tail).not.toContain("unshare-ok");
    expect(trial.rounds.at(-1)?.configuration).toContain("tmpfs /tmp");
  });
});
