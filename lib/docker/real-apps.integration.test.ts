/**
 * Real applications from Debian's packages (`scripts/real-images.sh`: nginx, PostgreSQL, a Node.js server of
 * ours) on the real engine, without network:
 * - the field guide's recipe for each (`--read-only`, its tmpfs list, its volume) runs, keeps serving (a client
 *   run with `docker exec`) and verifies `enforced`;
 * - a trial run from each default (writable) container starts the hardened configuration read-only, leaving
 *   nothing labelled `roaudit.trial` behind; the remediation gives the proven configuration from then on, and
 *   that `docker run` text, run by `sh`, starts, keeps serving and verifies `enforced`.
 * Every container is labelled `roaudit.test=it-real-apps` and removed after each test, with its volumes.
 *
 *   npx vitest run --project integration lib/docker/real-apps.integration.test.ts
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/containers/[id]/trial/route";
import {
  CANARY_VALUE,
  createFleet,
  docker,
  engineSocketPath,
  removeFleet,
  SUITE_LABEL,
} from "@/e2e/support/fleet";
import type { ApiErrorBody } from "@/lib/api-types";
import { loadRemediation } from "./remediation";
import { runTrial, type TrialAuditRecord } from "./trial";
import { TrialRefusedError } from "./trial-errors";
import { TRIAL_LABEL } from "./trial-sibling";
import { verifyContainer } from "./verify";

const execFileAsync = promisify(execFile);
const SUITE = "it-real-apps";
/** Bounded run of one trial round in these tests (30 s by default). */
const RUN_MS = 5_000;

/** One real application: its image, the field guide's recipe, and a client that proves it serves. */
interface RealApp {
  id: "nginx" | "postgres" | "node";
  image: string;
  /** The field guide's `docker run` flags for it ("Read-Only Mode with Specific Applications"). */
  recipe: string[];
  /** `docker exec` argv of a client inside the container. */
  client: string[];
  /** What the client prints when the app serves. */
  serves: RegExp;
}

const APPS: RealApp[] = [
  {
    id: "nginx",
    image: "roaudit-app:nginx",
    // The guide's nginx list (PID file, request buffers, cache), with Debian's paths for the same things:
    // request buffers in /var/lib/nginx (the official image keeps them in /var/cache/nginx) and its log files.
    recipe: [
      "--read-only",
      ...["--tmpfs", "/tmp", "--tmpfs", "/var/run", "--tmpfs", "/var/cache/nginx"],
      ...["--tmpfs", "/var/lib/nginx", "--tmpfs", "/var/log/nginx"],
    ],
    client: [
      "bash",
      "-c",
      'exec 3<>/dev/tcp/127.0.0.1/80; printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3; head -n 1 <&3',
    ],
    serves: /^HTTP\/1\.1 200 OK/,
  },
  {
    id: "postgres",
    image: "roaudit-app:postgres",
    recipe: [
      "--read-only",
      "--tmpfs",
      "/tmp",
      "--tmpfs",
      "/run/postgresql",
      "-v",
      "/var/lib/postgresql/data",
    ],
    client: ["psql", "-h", "/run/postgresql", "-U", "postgres", "-Atc", "select 40 + 2"],
    serves: /^42$/,
  },
  {
    id: "node",
    image: "roaudit-app:node",
    // The guide's Node.js line, and its cache line ("writable cache directory for applications that cache data").
    recipe: ["--read-only", "--tmpfs", "/tmp:rw,noexec,nosuid,size=32m", "--tmpfs", "/var/cache"],
    client: ["node", "-e", 'require("http").get("http://127.0.0.1:8080/", (r) => r.pipe(process.stdout))'],
    serves: /^ok \d+/,
  },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the client until it prints what a serving app prints (up to 60 s); returns its last output. */
async function serving(id: string, app: RealApp): Promise<string> {
  let last = "";
  for (let i = 0; i < 120; i++) {
    last = await docker(["exec", id, ...app.client]).catch((e: Error) => e.message);
    if (app.serves.test(last)) return last;
    const status = await docker(["inspect", "--format", "{{.State.Status}}", id]).catch(() => "gone");
    if (status !== "running") break;
    await sleep(500);
  }
  const logs = await docker(["logs", "--tail", "20", id]).catch(() => "");
  return `${last}\n--- logs:\n${logs}`;
}

/** Names of the volumes a container mounts. */
async function volumesOf(id: string): Promise<string[]> {
  const out = await docker([
    "inspect",
    "--format",
    '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}',
    id,
  ]);
  return out.split(" ").filter(Boolean);
}

/** What trial runs left on the engine: containers and volumes labelled `roaudit.trial`. */
async function trialLeftovers(): Promise<string> {
  const containers = await docker(["ps", "-aq", "--filter", `label=${TRIAL_LABEL}`]);
  const volumes = await docker(["volume", "ls", "-q", "--filter", `label=${TRIAL_LABEL}`]);
  return `${containers}${volumes}`;
}

/** Volumes to remove after the current test (only ones a container of this suite made or used). */
let ownedVolumes: string[] = [];
let work = "";

beforeAll(async () => {
  for (const app of APPS) {
    const label = await docker([
      "image",
      "inspect",
      "--format",
      '{{index .Config.Labels "roaudit.fixture"}}',
      app.image,
    ]).catch(() => "");
    if (label !== "1") throw new Error(`${app.image} is missing: build it with bash scripts/real-images.sh`);
  }
  await removeFleet(SUITE);
  work = mkdtempSync(path.join(tmpdir(), "roaudit-it-real-apps-"));
});

afterEach(async () => {
  await removeFleet(SUITE);
  for (const v of ownedVolumes) await docker(["volume", "rm", "-f", v]).catch(() => undefined);
  ownedVolumes = [];
  expect(await trialLeftovers()).toBe("");
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(APPS)("the real $id", (app) => {
  it("runs with the field guide's recipe, serves, and verifies enforced", async () => {
    const name = `itra-${app.id}-recipe`;
    const ids = await createFleet(SUITE, [{ name, image: app.image, args: app.recipe }]);
    const id = ids[name] ?? "";
    expect(await serving(id, app)).toMatch(app.serves);
    const verification = await verifyContainer(id);
    expect(verification.verdict, JSON.stringify(verification.probes)).toBe("enforced");
  }, 180_000);

  it("starts read-only after a trial run of its default container, and the proven configuration serves and verifies enforced", async () => {
    const name = `itra-${app.id}`;
    const ids = await createFleet(SUITE, [{ name, image: app.image, args: [] }]);
    const originalId = ids[name] ?? "";
    // It served once: its writes (and open files) are there to read.
    expect(await serving(originalId, app)).toMatch(app.serves);
    ownedVolumes.push(...(await volumesOf(originalId)));
    if (app.id === "nginx") {
      // Its error log is open but unwritten (the request above wrote only the access log): the change list
      // misses it, the host's /proc/<pid>/fd does not.
      expect(await docker(["diff", originalId])).not.toContain("/var/log/nginx/error.log");
      const guessed = await loadRemediation(originalId);
      const logs = guessed?.writePaths.find((w) => w.path === "/var/log/nginx");
      expect(logs?.kind).toBe("volume");
      expect(logs?.evidence).toContain("opened /var/log/nginx/error.log");
    }

    const actions: TrialAuditRecord[] = [];
    const trial = await runTrial(originalId, {
      identity: "token",
      runMs: RUN_MS,
      onAction: (r) => actions.push(r),
    });
    const summary = JSON.stringify(trial.rounds.map((r) => [r.outcome, r.diagnosis, r.logTail.slice(-3)]));
    expect(trial.outcome, summary).toBe("started");
    expect(JSON.stringify(trial)).not.toContain(CANARY_VALUE);
    expect(await trialLeftovers()).toBe("");
    // Every sibling created was removed, each operation recorded with who asked.
    const created = actions.filter((a) => a.action === "create" && a.outcome === "ok").map((a) => a.sibling);
    const removed = actions.filter((a) => a.action === "remove" && a.outcome === "ok").map((a) => a.sibling);
    expect(created.length).toBe(trial.rounds.length);
    expect(removed).toEqual(expect.arrayContaining(created));
    expect(new Set(actions.map((a) => a.identity))).toEqual(new Set(["token"]));
    if (app.id === "nginx") {
      // Debian's nginx drops privileges and changes its temp folders' owner: the trial gives those back.
      const added = trial.rounds.flatMap((r) =>
        r.diagnosis?.change.kind === "capability" ? [r.diagnosis.change.capability] : [],
      );
      expect(added).toEqual(expect.arrayContaining(["CAP_CHOWN", "CAP_SETGID", "CAP_SETUID"]));
      expect(trial.rounds[0]?.outcome).toBe("exited");
    }

    // From now on the remediation gives the proven configuration.
    const remediation = await loadRemediation(originalId);
    expect(remediation?.dockerRun).toBe(trial.dockerRun);

    // The proven `docker run`, run by sh in place of the original.
    await docker(["rm", "-f", originalId]);
    writeFileSync(path.join(work, `${name}.env`), `ROAUDIT_CANARY=${CANARY_VALUE}\n`);
    for (const m of trial.dockerRun.matchAll(/^\s*-v ([A-Za-z0-9][A-Za-z0-9_.-]*):\//gm)) {
      const volume = m[1] ?? "";
      if (/^[0-9a-f]{64}$/.test(volume)) continue; // the original's anonymous volume, kept
      const owner = await docker([
        "volume",
        "inspect",
        "--format",
        `{{index .Labels "${SUITE_LABEL}"}}`,
        volume,
      ]).catch(() => null);
      if (owner !== null && owner !== SUITE)
        throw new Error(`volume ${volume} is not this suite's: not touching it`);
      if (owner === null) await docker(["volume", "create", "--label", `${SUITE_LABEL}=${SUITE}`, volume]);
      ownedVolumes.push(volume);
    }
    const script = trial.dockerRun.replace(
      "docker run -d \\\n",
      `docker run -d --label ${SUITE_LABEL}=${SUITE} \\\n`,
    );
    const { stdout } = await execFileAsync("sh", ["-c", script], { cwd: work, env: process.env });
    const newId = stdout.trim().split("\n").at(-1) ?? "";
    expect(newId).toMatch(/^[0-9a-f]{64}$/);
    expect(await serving(newId, app)).toMatch(app.serves);
    const verification = await verifyContainer(newId);
    expect(verification.verdict, JSON.stringify(verification.probes)).toBe("enforced");
    // The rounds, for people reading the test's output (README's example comes from here).
    for (const r of trial.rounds) {
      console.log(
        `${app.id} round ${r.round}: ${r.outcome} [${r.configuration.join(", ")}] ${r.diagnosis ? `${r.diagnosis.evidence} -> ${JSON.stringify(r.diagnosis.change)}` : ""}`,
      );
    }
  }, 360_000);
});

describe("what a trial never does", () => {
  it("answers 403 trials_off unless ROAUDIT_TRIALS=true, creating nothing", async () => {
    const ids = await createFleet(SUITE, [{ name: "itra-off", args: [] }]);
    const response = await POST(
      new Request("http://127.0.0.1/api/containers/itra-off/trial", { method: "POST" }),
      {
        params: Promise.resolve({ id: ids["itra-off"] ?? "" }),
      },
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as ApiErrorBody).error.code).toBe("trials_off");
  });

  it("refuses privileged containers and ones that bind the engine's socket, before creating anything", async () => {
    const ids = await createFleet(SUITE, [
      { name: "itra-privileged", args: ["--privileged"], start: false },
      { name: "itra-socket", args: ["-v", `${engineSocketPath()}:/var/run/docker.sock:ro`] },
    ]);
    const actions: TrialAuditRecord[] = [];
    for (const id of Object.values(ids)) {
      await expect(
        runTrial(id, { identity: null, runMs: RUN_MS, onAction: (r) => actions.push(r) }),
      ).rejects.toThrow(TrialRefusedError);
    }
    expect(actions).toEqual([]);
  });
});
