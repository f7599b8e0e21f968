/**
 * The HTTP API against the real engine, through Playwright's `request`: what a script or a CI job sees.
 */
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import type {
  ApiErrorBody,
  FleetContainer,
  FleetResponse,
  HealthResponse,
  RemediationResponse,
  Verification,
} from "@/lib/api-types";
import { e2eFleet } from "./support/e2e-fleet";
import { CANARY_VALUE, docker } from "./support/fleet";
import { DEAD_BASE_URL, DEAD_SOCKET } from "./support/servers";

const fleet = e2eFleet();
const running = fleet.filter((c) => c.start !== false);

async function getFleet(
  request: import("@playwright/test").APIRequestContext,
  all = false,
): Promise<FleetContainer[]> {
  const response = await request.get(`/api/containers${all ? "?all=true" : ""}`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as FleetResponse;
  expect(Number.isNaN(Date.parse(body.generatedAt))).toBe(false);
  return body.containers;
}

test.describe("GET /api/containers", () => {
  test("grades every running e2e container as expected", async ({ request }) => {
    const containers = await getFleet(request);
    for (const expected of running) {
      const c = containers.find((x) => x.name === expected.name);
      expect(c, expected.name).toBeDefined();
      expect({ name: c?.name, grade: c?.grade, score: c?.score }).toEqual({
        name: expected.name,
        grade: expected.grade,
        score: expected.score,
      });
      for (const [check, status] of Object.entries(expected.statuses)) {
        expect(c?.checks.find((x) => x.id === check)?.status, `${expected.name} ${check}`).toBe(status);
      }
      expect(c?.id).toMatch(/^[0-9a-f]{64}$/);
      expect(c?.state).toBe("running");
      expect(c?.checks).toHaveLength(20); // every check of lib/audit/checks, n/a ones included
    }
    expect(containers.map((c) => c.name)).not.toContain("e2e-privileged");
  });

  test("?all=true adds the created privileged container, graded F with its overrides", async ({
    request,
  }) => {
    const privileged = (await getFleet(request, true)).find((c) => c.name === "e2e-privileged");
    expect(privileged).toMatchObject({ state: "created", grade: "F", score: 0 });
    const messages = Object.fromEntries((privileged?.checks ?? []).map((c) => [c.id, c.message]));
    expect(messages["read-only-rootfs"]).toBe(
      "overridden by --privileged: the container can remount / read-write",
    );
    expect(messages["cap-drop-all"]).toBe("overridden by --privileged: every capability is granted");
    expect(messages["seccomp-profile"]).toBe("overridden by --privileged: seccomp is off");
  });

  test.describe("bad input", () => {
    for (const [query, status, code] of [
      ["?all=yes", 400, "invalid_query"],
      ["?all=true&all=false", 400, "invalid_query"],
      ["?verbose=1", 400, "invalid_query"],
    ] as const) {
      test(`${query} → ${status} ${code}`, async ({ request }) => {
        const response = await request.get(`/api/containers${query}`);
        expect(response.status()).toBe(status);
        expect(((await response.json()) as ApiErrorBody).error.code).toBe(code);
      });
    }
  });
});

test.describe("GET /api/containers/{id}", () => {
  test("finds a container by name, full id and unique prefix", async ({ request }) => {
    const byName = await request.get("/api/containers/e2e-hardened");
    expect(byName.status()).toBe(200);
    const view = (await byName.json()) as FleetContainer;
    expect(view).toMatchObject({ name: "e2e-hardened", grade: "A", score: 100 });
    for (const ref of [view.id, view.id.slice(0, 16)]) {
      const response = await request.get(`/api/containers/${ref}`);
      expect(response.status()).toBe(200);
      expect(((await response.json()) as FleetContainer).id).toBe(view.id);
    }
  });

  for (const [ref, status, code] of [
    ["e2e-no-such-container", 404, "not_found"],
    ["..%2F..%2Fetc", 400, "invalid_id"],
    ["-rm", 400, "invalid_id"],
    ["%20space", 400, "invalid_id"],
    ["x".repeat(200), 400, "invalid_id"],
    ["e2e-hardened?all=true", 400, "invalid_query"],
  ] as const) {
    test(`${ref.slice(0, 30)} → ${status} ${code}`, async ({ request }) => {
      const response = await request.get(`/api/containers/${ref}`);
      expect(response.status()).toBe(status);
      const body = (await response.json()) as ApiErrorBody;
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
    });
  }
});

test.describe("POST /api/containers/{id}/verify", () => {
  for (const c of running.filter((x) => x.verdict)) {
    test(`${c.name} → ${c.verdict}`, async ({ request }) => {
      const response = await request.post(`/api/containers/${c.name}/verify`);
      expect(response.status()).toBe(200);
      const v = (await response.json()) as Verification;
      expect(v.verdict).toBe(c.verdict);
      expect(Number.isNaN(Date.parse(v.checkedAt))).toBe(false);
      expect(v.probes.map((p) => p.id)).toEqual([
        "root-write",
        "mount-table",
        "process-identity",
        "tmpfs-exec",
        "ro-mount-write",
      ]);
      for (const p of v.probes) {
        expect(["pass", "fail", "skipped"], `${c.name} ${p.id}`).toContain(p.status);
        expect(p.evidence.length, `${c.name} ${p.id}`).toBeGreaterThan(0);
      }
      if (c.verdict === "not-enforced") expect(await docker(["diff", c.name])).toBe("");
      // The verdict sticks to the container in the fleet.
      const after = (await (await request.get(`/api/containers/${c.name}`)).json()) as FleetContainer;
      expect(after.verification?.verdict).toBe(c.verdict);
    });
  }

  test("a created container → 409 container_not_running", async ({ request }) => {
    const response = await request.post("/api/containers/e2e-privileged/verify");
    expect(response.status()).toBe(409);
    expect(((await response.json()) as ApiErrorBody).error).toEqual({
      code: "container_not_running",
      message: 'Container "e2e-privileged" is created; Verify needs a running container.',
    });
  });

  test("a request body is refused and cannot change what runs", async ({ request }) => {
    const response = await request.post("/api/containers/e2e-writable/verify", {
      data: { Cmd: ["sh", "-c", "touch /etc/pwned"], User: "1000", probe: "rm -rf /" },
    });
    expect(response.status()).toBe(413);
    expect(((await response.json()) as ApiErrorBody).error.code).toBe("payload_too_large");
    expect(await docker(["diff", "e2e-writable"])).toBe("");
  });

  test("GET is not allowed", async ({ request }) => {
    expect((await request.get("/api/containers/e2e-hardened/verify")).status()).toBe(405);
  });
});

test.describe("GET /api/report.csv", () => {
  test("is an RFC 4180 attachment with one row per container", async ({ request }) => {
    await request.post("/api/containers/e2e-readonly/verify");
    const response = await request.get("/api/report.csv");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers()["content-disposition"]).toMatch(
      /^attachment; filename="roaudit-[A-Za-z0-9._-]+-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const body = await response.body();
    expect(body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = body.toString("utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toMatch(/\n/);
    const [header, ...rows] = parse(text) as string[][];
    expect(header?.slice(0, 10)).toEqual([
      "container_id",
      "name",
      "image",
      "score",
      "grade",
      "state",
      "compose_project",
      "compose_service",
      "engine",
      "failing_checks",
    ]);
    expect(header?.slice(-10)).toEqual([
      "verify_verdict",
      "verify_checked_at",
      "probe_root-write",
      "probe_mount-table",
      "probe_process-identity",
      "probe_tmpfs-exec",
      "probe_ro-mount-write",
      "engine_read",
      "engine_unanswered_since",
      "audit_read_at",
    ]);
    const byName = new Map(
      rows.map((r) => [r[1], Object.fromEntries((header ?? []).map((h, i) => [h, r[i]]))]),
    );
    for (const c of running) {
      expect(byName.get(c.name), c.name).toMatchObject({
        grade: c.grade,
        score: String(c.score),
        engine_read: "current",
        engine_unanswered_since: "",
        // A current row's audit was read at a real time (ISO 8601), not left empty.
        audit_read_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      });
    }
    expect(byName.get("e2e-readonly")).toMatchObject({
      verify_verdict: "enforced",
      "probe_root-write": "pass",
      "probe_mount-table": "pass",
      "probe_process-identity": "fail",
      "probe_tmpfs-exec": "pass",
      "probe_ro-mount-write": "skipped",
    });
    expect(byName.has("e2e-privileged")).toBe(false);
    const all = parse(await (await request.get("/api/report.csv?all=true")).text()) as string[][];
    expect(all.some((r) => r[1] === "e2e-privileged")).toBe(true);
  });
});

test("no response carries a container's environment", async ({ request }) => {
  const paths = [
    "/",
    "/api/containers",
    "/api/containers?all=true",
    "/api/containers/e2e-hardened",
    "/api/containers/e2e-writable",
    "/api/containers/e2e-writable/remediation",
    "/containers/e2e-writable",
    "/api/report.csv?all=true",
    "/api/health",
  ];
  for (const p of paths) {
    const text = await (await request.get(p)).text();
    expect(text, p).not.toContain(CANARY_VALUE);
    expect(text, p).not.toContain("ROAUDIT_CANARY");
  }
  const verify = await (await request.post("/api/containers/e2e-hardened/verify")).text();
  expect(verify).not.toContain(CANARY_VALUE);
});

test.describe("GET /api/containers/{id}/remediation", () => {
  test("answers the hardened configuration, counting env variables but never naming them", async ({
    request,
  }) => {
    const response = await request.get("/api/containers/e2e-writable/remediation");
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(CANARY_VALUE);
    expect(text).not.toContain("ROAUDIT_CANARY");
    const body = JSON.parse(text) as RemediationResponse;
    expect(body.dockerRun).toContain("--read-only");
    expect(body.dockerRun).toContain("--env-file ./e2e-writable.env");
    expect(body.dockerRun).toContain(
      "# check: --env-file: put the 1 variable it sets beyond its image's in ./e2e-writable.env",
    );
    expect(body.compose).toContain("read_only: true");
    expect(Array.isArray(body.writePaths)).toBe(true);
    expect(body.notes.join(" ")).toContain("never shows writes to tmpfs mounts or volumes");
  });

  test("404 for an unknown container, 405 for POST, 503 when the engine is down", async ({ request }) => {
    expect((await request.get("/api/containers/e2e-no-such/remediation")).status()).toBe(404);
    expect((await request.post("/api/containers/e2e-writable/remediation")).status()).toBe(405);
    const dead = await request.get(`${DEAD_BASE_URL}/api/containers/e2e-writable/remediation`);
    expect(dead.status()).toBe(503);
    expect(((await dead.json()) as ApiErrorBody).error.code).toBe("docker_unavailable");
  });
});

test.describe("engine unreachable", () => {
  test("the engine-backed APIs answer 503 docker_unavailable with the endpoint and cause", async ({
    request,
  }) => {
    for (const p of ["/api/containers", "/api/report.csv", "/api/containers/e2e-hardened"]) {
      const response = await request.get(`${DEAD_BASE_URL}${p}`);
      expect(response.status(), p).toBe(503);
      const body = (await response.json()) as ApiErrorBody;
      expect(body.error.code).toBe("docker_unavailable");
      expect(body.error.engine?.endpoint).toBe(`unix://${DEAD_SOCKET}`);
      expect(body.error.engine?.error.code).toBe("ENOENT");
      expect(body.error.engine?.error.hint).toMatch(/is the Docker engine running/);
    }
    expect((await request.post(`${DEAD_BASE_URL}/api/containers/e2e-hardened/verify`)).status()).toBe(503);
  });

  test("health answers 200 and says why", async ({ request }) => {
    const response = await request.get(`${DEAD_BASE_URL}/api/health`);
    expect(response.status()).toBe(200);
    expect((await response.json()) as HealthResponse).toMatchObject({
      status: "degraded",
      engine: { reachable: false, endpoint: `unix://${DEAD_SOCKET}`, error: { code: "ENOENT" } },
    });
    const live = (await (await request.get("/api/health")).json()) as HealthResponse;
    expect(live).toMatchObject({ status: "ok", engine: { reachable: true, error: null } });
  });
});
