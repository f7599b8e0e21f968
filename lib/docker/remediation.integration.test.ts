/**
 * Remediation against the real engine: a container from an image the known-image table does not name
 * (`roaudit-fixture:busybox`) writes to several paths and keeps writing; its remediation is generated, and the
 * generated `docker run` text itself is run by `sh` — in a temporary folder holding the env file it names,
 * with one change: `--label roaudit.test=it-remediation` is added to its `docker run -d` line, so the
 * suite's cleanup finds the new container. The new container must keep running (its loop exits at the first
 * failed write), pass `read-only-rootfs` and verify `enforced`. The route is called as Next calls it.
 *
 *   npx vitest run --project integration lib/docker/remediation.integration.test.ts
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GET } from "@/app/api/containers/[id]/remediation/route";
import { CANARY_VALUE, createFleet, docker, removeFleet, SUITE_LABEL } from "@/e2e/support/fleet";
import type { ApiErrorBody, RemediationResponse } from "@/lib/api-types";
import { auditContainer } from "@/lib/audit/audit";
import { knownImage } from "@/lib/audit/known-images";
import { loadSnapshot } from "./load-snapshot";
import { loadRemediation } from "./remediation";
import { verifyContainer } from "./verify";

const execFileAsync = promisify(execFile);
const SUITE = "it-remediation";
const NAME = "itr-writer";
const IMAGE = "roaudit-fixture:busybox";
/** Volumes the generated configuration creates (named `<container>-<path>`), removed after the suite. */
const NEW_VOLUMES = [`${NAME}-data-db`];

/**
 * Writes scratch, run state, a cache, a socket-like file and data, then rewrites them every 0.2 s; `set -e`
 * makes the first failed write end the container, loudly (exit code 1 and the shell's error in its log).
 */
const WRITER = [
  "set -e",
  "mkdir -p /var/run /var/cache/app/sub /data/db",
  "while true; do",
  "  echo $$ > /var/run/app.pid",
  "  echo scratch > /tmp/scratch",
  "  echo cached > /var/cache/app/sub/c1",
  "  echo sock > /data/app.sock",
  "  date >> /data/db/rows",
  "  sleep 0.2",
  "done",
].join("\n");

/** Settings the generated command must carry over (the engine also adds the working folder and docker-init). */
const RUN_ARGS = ["--init", "--restart", "unless-stopped", "--hostname", "itr-host", "--workdir", "/srv/app"];

/** Removes the volumes labelled as this suite's, and no other. */
async function removeVolumes(): Promise<void> {
  const names = (await docker(["volume", "ls", "-q", "--filter", `label=${SUITE_LABEL}=${SUITE}`])).split(
    "\n",
  );
  for (const name of names.filter(Boolean)) await docker(["volume", "rm", "-f", name]);
}

let originalId = "";
let work = "";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(ref: string): Promise<{ status: number; body: unknown }> {
  const response = await GET(new Request(`http://127.0.0.1/api/containers/${ref}/remediation`), {
    params: Promise.resolve({ id: ref }),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  expect(knownImage(IMAGE)).toBeNull();
  await removeFleet(SUITE);
  await removeVolumes();
  // The generated command names its volumes; made here first, labelled as ours, so that it uses these and
  // the cleanup finds them. A same-named volume of anyone else's is never used or removed.
  for (const volume of NEW_VOLUMES) {
    const owner = await docker([
      "volume",
      "inspect",
      "--format",
      `{{index .Labels "${SUITE_LABEL}"}}`,
      volume,
    ]).catch(() => null);
    if (owner !== null)
      throw new Error(
        `a volume named ${volume} exists and is not this suite's (${SUITE_LABEL}=${owner}): not touching it`,
      );
    await docker(["volume", "create", "--label", `${SUITE_LABEL}=${SUITE}`, volume]);
  }
  const ids = await createFleet(SUITE, [{ name: NAME, args: RUN_ARGS, cmd: ["sh", "-c", WRITER] }]);
  originalId = ids[NAME] ?? "";
  // Wait for the first round of writes to reach the change list.
  for (let i = 0; i < 50; i++) {
    const diff = await docker(["diff", originalId]);
    if (diff.includes("/data/db/rows")) break;
    await sleep(100);
  }
  work = mkdtempSync(path.join(tmpdir(), "roaudit-it-remediation-"));
});

afterAll(async () => {
  await removeFleet(SUITE);
  await removeVolumes();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("GET /api/containers/{id}/remediation on the real engine", () => {
  let remediation: RemediationResponse;

  it("finds the paths the container writes, grouped into tmpfs and volumes, with the files as evidence", async () => {
    const answer = await call(NAME);
    expect(answer.status).toBe(200);
    remediation = answer.body as RemediationResponse;
    expect(JSON.stringify(remediation)).not.toContain(CANARY_VALUE);
    expect(remediation.writePaths).toEqual([
      { path: "/data", kind: "tmpfs", evidence: ["added /data/app.sock"] },
      { path: "/data/db", kind: "volume", evidence: ["added /data/db/rows"] },
      { path: "/tmp", kind: "tmpfs", evidence: ["added /tmp/scratch"] },
      { path: "/var/cache/app", kind: "tmpfs", evidence: ["added /var/cache/app/sub/c1"] },
      { path: "/var/run", kind: "tmpfs", evidence: ["added /var/run/app.pid"] },
    ]);
    expect(remediation.dockerRun).toContain("--env-file ./itr-writer.env");
    expect(remediation.dockerRun).toContain(
      "# check: --env-file: put the 1 variable it sets beyond its image's in ./itr-writer.env as NAME=value lines",
    );
    expect(JSON.stringify(remediation)).not.toContain("ROAUDIT_CANARY");
    expect(remediation.notes.join("\n")).toContain("never shows writes to tmpfs mounts or volumes");
  });

  it("gives a docker run command that, pasted as it is, runs read-only, keeps writing and verifies enforced", async () => {
    // Replacing the container: the original goes first (it holds the name).
    await docker(["rm", "-f", originalId]);
    writeFileSync(path.join(work, `${NAME}.env`), `ROAUDIT_CANARY=${CANARY_VALUE}\n`);
    const firstLine = "docker run -d \\\n";
    expect(remediation.dockerRun).toContain(firstLine);
    const script = remediation.dockerRun.replace(
      firstLine,
      `docker run -d --label ${SUITE_LABEL}=${SUITE} \\\n`,
    );
    const { stdout } = await execFileAsync("sh", ["-c", script], { cwd: work, env: process.env });
    const newId = stdout.trim().split("\n").at(-1) ?? "";
    expect(newId).toMatch(/^[0-9a-f]{64}$/);

    await sleep(2_000);
    const state = JSON.parse(await docker(["inspect", "--format", "{{json .State}}", newId])) as {
      Status: string;
      ExitCode: number;
    };
    expect(state, await docker(["logs", newId]).catch(() => "")).toMatchObject({
      Status: "running",
      ExitCode: 0,
    });
    const [inspect] = JSON.parse(await docker(["inspect", newId])) as {
      HostConfig: { Init: boolean; RestartPolicy: { Name: string } };
      Config: { Hostname: string; WorkingDir: string; Cmd: string[] };
    }[];
    const settings = [
      inspect?.HostConfig.Init,
      inspect?.HostConfig.RestartPolicy.Name,
      inspect?.Config.Hostname,
      inspect?.Config.WorkingDir,
      inspect?.Config.Cmd,
    ];
    expect(settings).toEqual([true, "unless-stopped", "itr-host", "/srv/app", ["sh", "-c", WRITER]]);
    // The loop wrote through every mount: the data volume has several rounds of rows.
    const rows = await docker(["exec", newId, "cat", "/data/db/rows"]);
    expect(rows.split("\n").length).toBeGreaterThan(3);

    const snapshot = await loadSnapshot(newId);
    expect(snapshot).not.toBeNull();
    if (!snapshot) return;
    const audit = auditContainer(snapshot);
    for (const id of ["read-only-rootfs", "tmpfs-noexec", "tmpfs-nosuid", "tmpfs-size", "cap-drop-all"]) {
      expect(
        audit.checks.find((c) => c.id === id),
        id,
      ).toMatchObject({ status: "pass" });
    }
    expect(audit.checks.find((c) => c.id === "no-new-privileges")).toMatchObject({ status: "pass" });
    const verification = await verifyContainer(newId);
    expect(verification.verdict).toBe("enforced");

    // The hardened container's own remediation keeps its mounts and finds nothing new to add.
    const again = await loadRemediation(newId);
    expect(again?.writePaths).toEqual([]);
    expect(again?.dockerRun).toContain("--tmpfs /var/cache/app:rw,noexec,nosuid,size=64m");
  });

  it("gives a compose snippet that parses and holds the same restrictions", () => {
    const doc = parse(remediation.compose) as {
      services: Record<string, Record<string, unknown>>;
      volumes: Record<string, unknown>;
    };
    const service = doc.services[NAME];
    expect(service).toMatchObject({
      image: IMAGE,
      // Compose reads `$$` as one `$` (no interpolation).
      command: ["sh", "-c", WRITER.replaceAll("$", () => "$$")],
      read_only: true,
      cap_drop: ["ALL"],
      security_opt: ["no-new-privileges:true"],
      mem_limit: "256m",
      pids_limit: 256,
      network_mode: "none",
      env_file: [`./${NAME}.env`],
      tmpfs: [
        "/data:rw,noexec,nosuid,size=64m",
        "/tmp:rw,noexec,nosuid,size=64m",
        "/var/cache/app:rw,noexec,nosuid,size=64m",
        "/var/run:rw,noexec,nosuid,size=16m",
      ],
      volumes: [{ type: "volume", source: `${NAME}-data-db`, target: "/data/db" }],
    });
    expect(doc.volumes).toEqual({ [`${NAME}-data-db`]: { name: `${NAME}-data-db` } });
    for (const t of (service?.tmpfs ?? []) as string[])
      expect(remediation.dockerRun).toContain(`--tmpfs ${t}`);
  });

  it("writes a tmpfs at a path with ':' as --mount type=tmpfs, which the engine mounts noexec,nosuid,nodev", async () => {
    const ids = await createFleet(SUITE, [
      {
        name: "itr-colon-tmpfs",
        args: ["--mount", "type=tmpfs,destination=/a:b,tmpfs-size=1048576"],
        cmd: ["sleep", "infinity"],
      },
    ]);
    const answer = await call(ids["itr-colon-tmpfs"] ?? "");
    expect(answer.status).toBe(200);
    const line = (answer.body as RemediationResponse).dockerRun
      .split("\n")
      .find((l) => l.includes("--mount") && l.includes("/a:b"));
    expect(line?.trim()).toBe("--mount type=tmpfs,destination=/a:b,tmpfs-size=1048576 \\");
    // The generated flag itself, read by sh; the kernel's mount table shows the flags the engine applied.
    const flag = (line ?? "").trim().replace(/ \\$/, "");
    const { stdout } = await execFileAsync("sh", [
      "-c",
      `exec docker run --rm --network none --label ${SUITE_LABEL}=${SUITE} ${flag} ${IMAGE} grep -F ' /a:b ' /proc/1/mountinfo`,
    ]);
    const options = stdout.split(" ")[5]?.split(",") ?? [];
    expect(options).toEqual(expect.arrayContaining(["rw", "noexec", "nosuid", "nodev"]));
  });

  it("answers 404 not_found for an unknown container, 400 for a malformed reference", async () => {
    const unknown = await call("itr-no-such-container");
    expect(unknown.status).toBe(404);
    expect((unknown.body as ApiErrorBody).error.code).toBe("not_found");
    const malformed = await call("-bad");
    expect(malformed.status).toBe(400);
    expect((malformed.body as ApiErrorBody).error.code).toBe("invalid_id");
  });

  it("works for a stopped container (its change list survives the stop)", async () => {
    const ids = await createFleet(SUITE, [
      { name: "itr-exited", args: [], cmd: ["sh", "-c", "mkdir -p /srv/state && echo 1 > /srv/state/x"] },
    ]);
    const id = ids["itr-exited"] ?? "";
    await docker(["wait", id]);
    const answer = await call(id.slice(0, 16));
    expect(answer.status).toBe(200);
    expect((answer.body as RemediationResponse).writePaths).toEqual([
      { path: "/srv/state", kind: "volume", evidence: ["added /srv/state/x"] },
    ]);
  });

  it("reads the engine's null change list of an unchanged container as no write paths, and says so", async () => {
    const ids = await createFleet(SUITE, [{ name: "itr-unchanged", args: [] }]);
    expect(await docker(["diff", ids["itr-unchanged"] ?? ""])).toBe("");
    const answer = await call("itr-unchanged");
    expect(answer.status).toBe(200);
    const body = answer.body as RemediationResponse;
    expect(body.writePaths).toEqual([]);
    expect(body.notes[0]).toBe(
      "The engine's change list is empty (null): the container has not written to its root filesystem so far.",
    );
  });

  it("answers 503 docker_unavailable when the engine cannot be reached", async () => {
    const real = process.env.DOCKER_HOST;
    const registry = (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit;
    process.env.DOCKER_HOST = `unix://${path.join(work, "no-engine.sock")}`;
    registry?.delete("docker");
    try {
      const answer = await call(NAME);
      expect(answer.status).toBe(503);
      expect((answer.body as ApiErrorBody).error.code).toBe("docker_unavailable");
    } finally {
      if (real === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = real;
      registry?.delete("docker");
    }
  });
});
