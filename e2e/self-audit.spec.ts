/**
 * roaudit audits itself: the hardened container roaudit-self (compose.yaml, `scripts/run-hardened.sh`) is
 * driven over HTTP and in the browser, and must grade itself honestly — F, for the engine socket and the
 * host's network namespace it needs, with every other measure of the field guide passing.
 */
import type {
  ContainerView,
  FleetContainer,
  FleetResponse,
  HealthResponse,
  Verification,
} from "@/lib/api-types";
import { expect, test } from "./fixtures";
import { docker } from "./support/fleet";
import {
  inspectSelf,
  listenerPid,
  SELF_BASE_URL,
  SELF_NAME,
  SELF_PORT,
  SELF_START_HINT,
  type SelfInspect,
  selfAuditProblem,
  selfStats,
} from "./support/self-audit";

test.use({ baseURL: SELF_BASE_URL });

/** Every check's status for roaudit-self. */
const EXPECTED_STATUSES: Record<string, "pass" | "fail" | "na"> = {
  "read-only-rootfs": "pass",
  "tmpfs-noexec": "pass",
  "tmpfs-nosuid": "pass",
  "tmpfs-size": "pass",
  // The socket is mounted read-write: `:ro` would not make it any safer, only hide this.
  "writable-bind-mount": "fail",
  "writable-volume": "pass",
  "sensitive-host-mount": "pass",
  "docker-socket-mount": "fail",
  "non-root-user": "pass",
  "cap-drop-all": "pass",
  "added-capabilities": "pass",
  privileged: "pass",
  "no-new-privileges": "pass",
  "seccomp-profile": "pass",
  // na on a host without AppArmor (the engine applies no profile), pass where docker-default applies: see beforeAll.
  "apparmor-profile": "na",
  "host-namespaces": "fail",
  "kernel-paths": "pass",
  "host-devices": "pass",
  "memory-limit": "pass",
  "pids-limit": "pass",
};
/** 100 − 40 (docker-socket-mount, critical) − 15 (host-namespaces, high) − 8 (writable-bind-mount, medium). */
const EXPECTED_SCORE = 37;
/** The no-shell answer of the probe: the image has node and nothing else, no `sh`, no `touch`. */
// Verify execs the absolute /bin/sh (never a lookup on the image's PATH): the runtime says it is not there.
const NO_SHELL =
  /^no shell in the image \(exit 126\): .*"\/bin\/sh": stat \/bin\/sh: no such file or directory/;

const MIB = 1024 * 1024;
let self: SelfInspect;

test.beforeAll(async () => {
  const problem = await selfAuditProblem();
  if (problem)
    throw new Error(`The self-audit needs roaudit's hardened container, but ${problem}: ${SELF_START_HINT}.`);
  const inspect = await inspectSelf();
  if (!inspect) throw new Error(`${SELF_NAME} vanished: ${SELF_START_HINT}.`);
  self = inspect;
  if (inspect.AppArmorProfile) EXPECTED_STATUSES["apparmor-profile"] = "pass";
});

async function selfView(request: import("@playwright/test").APIRequestContext): Promise<FleetContainer> {
  const response = await request.get("/api/containers");
  expect(response.status()).toBe(200);
  const { containers } = (await response.json()) as FleetResponse;
  const view = containers.find((c) => c.name === SELF_NAME);
  if (!view) throw new Error(`${SELF_NAME} is not in the fleet it serves`);
  return view;
}

test.describe("roaudit in its own hardened container", () => {
  test("the server on 127.0.0.1 is the container's process, run as compose.yaml says", async () => {
    // Not a copy on the host: the process listening on the port is the container's main process.
    expect(await listenerPid(SELF_PORT), `the listener on 127.0.0.1:${SELF_PORT}`).toBe(self.State.Pid);

    const host = self.HostConfig;
    expect(self.Config.Image).toBe(process.env.ROAUDIT_IMAGE ?? "roaudit:local");
    expect(self.Config.User).toBe("10001:10001");
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Tmpfs).toEqual({
      "/app/.next/cache": "rw,noexec,nosuid,size=64m",
      "/app/.next/server/route-cache": "rw,noexec,nosuid,size=16m",
    });
    expect(host.CapDrop).toEqual(["ALL"]);
    expect(host.SecurityOpt).toEqual(["no-new-privileges"]);
    expect(host.NetworkMode).toBe("host");
    expect(host.Memory).toBe(256 * MIB);
    expect(host.PidsLimit).toBe(64);
    expect(host.Privileged).toBe(false);
    expect(host.GroupAdd).toHaveLength(1);
    expect(self.Mounts.map(({ Type, Destination, RW }) => ({ Type, Destination, RW }))).toEqual([
      { Type: "bind", Destination: "/var/run/docker.sock", RW: true },
    ]);
    expect(self.Config.Env?.some((v) => v.startsWith("DOCKER_HOST="))).toBe(false);

    // The kernel holds it to its limits: the memory cgroup's limit is the one set, and it runs far below
    // its PIDs limit.
    const stats = await selfStats();
    expect(stats.memLimit).toBe("256MiB");
    expect(stats.pids).toBeGreaterThan(0);
    expect(stats.pids).toBeLessThanOrEqual(32);
  });

  test("GET /api/health: the engine is reachable through the mounted socket", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const health = (await response.json()) as HealthResponse;
    expect(health).toMatchObject({
      status: "ok",
      engine: { reachable: true, endpoint: "unix:///var/run/docker.sock", error: null },
    });
    expect(health.engine.version).toBeTruthy();
  });

  test("it audits itself honestly: F for the socket and the host network, every other check passes", async ({
    request,
  }) => {
    const view = await selfView(request);
    expect(view.id).toBe(self.Id);
    expect(view.state).toBe("running");
    expect(Object.fromEntries(view.checks.map((c) => [c.id, c.status]))).toEqual(EXPECTED_STATUSES);
    expect({ grade: view.grade, score: view.score }).toEqual({ grade: "F", score: EXPECTED_SCORE });
    const message = (id: string) => view.checks.find((c) => c.id === id)?.message;
    // The host side of the bind names the socket: /var/run/docker.sock, or a private engine's socket.
    const socketMessage = message("docker-socket-mount") ?? "";
    expect(socketMessage).toContain(`${self.Mounts[0]?.Source} is `);
    expect(socketMessage).toMatch(/engine('s API)? socket/);
    expect(message("host-namespaces")).toBe("shares the host's network namespace");
    expect(message("non-root-user")).toBe("runs as uid 10001");

    // The single-container endpoint, by name, says the same.
    const one = await request.get(`/api/containers/${SELF_NAME}`);
    expect(one.status()).toBe(200);
    expect(((await one.json()) as ContainerView).grade).toBe("F");
  });

  test("Verify on itself is inconclusive: the image has no shell to run the probes", async ({ request }) => {
    const response = await request.post(`/api/containers/${SELF_NAME}/verify`);
    expect(response.status()).toBe(200);
    const verification = (await response.json()) as Verification;
    expect(verification.verdict).toBe("inconclusive");
    expect(verification.detail).toMatch(NO_SHELL);
    // Without a shell nothing runs inside, and roaudit-self is not in the host's pid namespace: it cannot read
    // the engine host's /proc either. Every probe says why it did not run.
    expect(verification.probes.map((p) => [p.id, p.status, p.evidence])).toEqual([
      ["root-write", "skipped", expect.stringMatching(NO_SHELL)],
      ["mount-table", "skipped", expect.stringMatching(/; the host's \/proc: not on the engine's host$/)],
      [
        "process-identity",
        "skipped",
        expect.stringMatching(/; the host's \/proc: not on the engine's host$/),
      ],
      ["tmpfs-exec", "skipped", "no shell in the image: the probe needs sh to write and run a file"],
      ["ro-mount-write", "skipped", "no read-only bind, volume or tmpfs mounts"],
    ]);
    // The fleet shows the same verdict, marked as this run's (the run it probed is the one still running).
    expect((await selfView(request)).verification).toEqual({ ...verification, run: "current" });
  });

  test("the dashboard it serves shows its own row, graded F", async ({ fleetPage, page }) => {
    // The first answer may take a while on a loaded host: wait for it longer than FleetPage.goto would.
    await page.goto("/");
    await expect(fleetPage.table).toBeVisible({ timeout: 20_000 });
    await fleetPage.waitForFleet();
    await expect(fleetPage.row(SELF_NAME)).toHaveCount(1);
    await expect(fleetPage.grade(SELF_NAME)).toHaveText("F");
    await expect(fleetPage.score(SELF_NAME)).toHaveText(String(EXPECTED_SCORE));
    for (const key of ["read-only-root", "tmpfs", "user", "capabilities"]) {
      await expect(fleetPage.measure(SELF_NAME, key), key).toHaveAttribute("data-status", "pass");
    }
    await expect(fleetPage.measure(SELF_NAME, "volumes")).toHaveAttribute("data-status", "fail");

    const detail = await fleetPage.expand(SELF_NAME);
    for (const [checkId, status] of Object.entries(EXPECTED_STATUSES)) {
      await expect(fleetPage.checkRow(detail, checkId), checkId).toHaveAttribute("data-status", status);
    }

    expect(await fleetPage.verify(SELF_NAME)).toBe("inconclusive");
  });

  test("serving writes only to its tmpfs: the container's own layer stays empty", async ({ request }) => {
    // Responses Next.js caches (a prerendered page and route) and a Verify, on top of the tests above.
    for (const path of ["/", "/icon.svg", "/robots.txt", "/no-such-page", "/api/report.csv"])
      await request.get(path);
    expect((await request.post(`/api/containers/${SELF_NAME}/verify`)).status()).toBe(200);

    const cached = await docker([
      "exec",
      SELF_NAME,
      "node",
      "-e",
      'console.log(require("node:fs").readdirSync("/app/.next/server/route-cache").length)',
    ]);
    expect(Number(cached), "entries Next.js cached in its route-cache tmpfs").toBeGreaterThan(0);
    expect(await docker(["diff", SELF_NAME]), `docker diff ${SELF_NAME}`).toBe("");
  });
});
