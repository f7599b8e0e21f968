import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ContainerResponse, FleetResponse, RemediationResponse } from "@/lib/api-types";
import { ENGINE_DEFAULT_CAPABILITIES } from "@/lib/audit/capabilities";
import { CHECKS } from "@/lib/audit/checks";
import { expect, test } from "./fixtures";
import { E2E_SUITE } from "./support/e2e-fleet";
import { CANARY_VALUE, createFleet, docker, removeFleet, SUITE_LABEL } from "./support/fleet";
import { DEAD_BASE_URL, E2E_TOKEN, TOKEN_BASE_URL } from "./support/servers";

/** This spec's own containers (suite `e2e-detail`), created here and removed after. */
const SUITE = "e2e-detail";
const CAPNET = "pw-detail-capnet";
const DEFAULT = "pw-detail-default";
const HISTORY = "pw-detail-history";
const DOTTED = "pw-detail.dotted_name-1";
const VOLKINDS = "pw-detail-volume-kinds";
/** A host folder of this spec's own, bound through a local volume (`o=bind`). */
const HOST_DIR = mkdtempSync(path.join(tmpdir(), "roaudit-e2e-volbind-"));

let ids: Record<string, string> = {};

test.beforeAll(async () => {
  ids = await createFleet(SUITE, [
    { name: CAPNET, args: ["--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE"] },
    {
      name: DEFAULT,
      args: [
        "--tmpfs",
        "/run:rw,noexec,nosuid,size=1m",
        "-v",
        "/data",
        "--security-opt",
        "no-new-privileges",
      ],
    },
    { name: HISTORY, args: ["--read-only"] },
    { name: DOTTED, args: ["--read-only"] },
    {
      name: VOLKINDS,
      args: [
        "--read-only",
        "--mount",
        `type=volume,dst=/config,volume-driver=local,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=${HOST_DIR}`,
        "--mount",
        "type=volume,dst=/scratch,volume-driver=local,volume-opt=type=tmpfs,volume-opt=device=tmpfs",
      ],
      start: false,
    },
  ]);
});

test.afterAll(async () => {
  await removeFleet(SUITE);
  rmSync(HOST_DIR, { recursive: true, force: true });
});

/**
 * The engine's storage paths of a container, from its inspect data: every mount source under the engine's
 * root (`<root>/volumes/<name>/_data`, …) and the storage driver's folders (`<root>/overlay2/…`).
 */
async function storagePaths(name: string): Promise<string[]> {
  const root = await docker(["info", "--format", "{{.DockerRootDir}}"]);
  expect(root).toMatch(/^\/./);
  const [inspect] = JSON.parse(await docker(["container", "inspect", name])) as {
    Mounts: { Source: string }[];
    GraphDriver: { Data: Record<string, string> | null };
  }[];
  const paths = [
    ...(inspect?.Mounts ?? []).map((m) => m.Source),
    ...Object.values(inspect?.GraphDriver.Data ?? {}).flatMap((v) => v.split(":")),
  ];
  return [...new Set(paths.filter((p) => p.startsWith(`${root}/`)))];
}

function idOf(name: string): string {
  const id = ids[name];
  if (!id) throw new Error(`${name} was not created`);
  return id;
}

test.describe("finding the container", () => {
  for (const [how, ref] of [
    ["name", () => CAPNET],
    ["unique id prefix", () => idOf(CAPNET).slice(0, 12)],
    ["full id", () => idOf(CAPNET)],
  ] as const) {
    test(`by ${how}`, async ({ detailPage }) => {
      await detailPage.goto(ref());
      await expect(detailPage.name).toHaveText(CAPNET);
      await expect(detailPage.detail).toHaveAttribute("data-container-id", idOf(CAPNET));
      await expect(detailPage.page.getByTestId("detail-id")).toHaveText(idOf(CAPNET));
    });
  }

  test("a name with dots and underscores", async ({ detailPage }) => {
    await detailPage.goto(DOTTED);
    await expect(detailPage.name).toHaveText(DOTTED);
  });

  test("the name in the fleet table links to the page", async ({ fleetPage, page }) => {
    await fleetPage.goto();
    await fleetPage.filter("pw-detail-");
    await fleetPage.row(CAPNET).getByRole("link", { name: CAPNET }).click();
    await expect(page).toHaveURL(new RegExp(`/containers/${CAPNET}$`));
    await expect(page.getByTestId("detail-name")).toHaveText(CAPNET);
  });
});

test("with an access token, the page asks for it first, then shows the container", async ({
  page,
  request,
}) => {
  expect((await request.get(`${TOKEN_BASE_URL}/api/containers/${CAPNET}`)).status()).toBe(401);
  await page.goto(`${TOKEN_BASE_URL}/containers/${CAPNET}`);
  await expect(page).toHaveURL(`${TOKEN_BASE_URL}/login?next=${encodeURIComponent(`/containers/${CAPNET}`)}`);
  await expect(page.getByTestId("container-detail")).toHaveCount(0);
  await page.getByLabel("Access token").fill(E2E_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${TOKEN_BASE_URL}/containers/${CAPNET}`);
  await expect(page.getByTestId("detail-name")).toHaveText(CAPNET);
});

test.describe("what the page shows", () => {
  test("every check with status, severity, CIS, why it matters, evidence, message and fix", async ({
    detailPage,
    request,
  }) => {
    await detailPage.goto(DEFAULT);
    const api = (await (await request.get(`/api/containers/${DEFAULT}`)).json()) as ContainerResponse;
    await expect(detailPage.checks).toHaveCount(api.checks.length);
    for (const result of api.checks) {
      const card = detailPage.check(result.id);
      await expect(card, result.id).toHaveAttribute("data-status", result.status);
      await expect(card.getByTestId("check-message")).toHaveText(result.message);
      await expect(card.getByTestId("check-why")).toHaveText(CHECKS[result.id].description);
      await expect(card.getByTestId("check-cis")).toHaveText(`CIS ${CHECKS[result.id].cis ?? "—"}`);
      // The fix is this container's: its part of the remediation plan (see "one fix" below).
      await expect(card.getByTestId("check-fix")).toHaveAttribute("data-source", "plan");
    }
    // The evidence is the inspect fields as they are.
    const readOnly = detailPage.check("read-only-rootfs");
    await expect(readOnly).toHaveAttribute("data-status", "fail");
    await expect(readOnly.getByTestId("check-evidence")).toContainText("HostConfig.ReadonlyRootfs: false");
    await expect(readOnly).toContainText("High");
    // Failures come first.
    await expect(detailPage.checks.first()).toHaveAttribute("data-status", "fail");
  });

  test("a check's fix is copied exactly", async ({ detailPage, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await detailPage.goto(DEFAULT);
    const fix = CHECKS["read-only-rootfs"].remediation;
    await detailPage.page
      .getByRole("button", { name: "Copy the docker run fix of read-only-rootfs" })
      .click();
    expect(await detailPage.page.evaluate(() => navigator.clipboard.readText())).toBe(fix.dockerRun);
    await detailPage.page.getByRole("button", { name: "Copy the compose fix of read-only-rootfs" }).click();
    expect(await detailPage.page.evaluate(() => navigator.clipboard.readText())).toBe(fix.compose);
  });

  test("--cap-drop ALL --cap-add NET_BIND_SERVICE: only NET_BIND_SERVICE is effective", async ({
    detailPage,
  }) => {
    await detailPage.goto(CAPNET);
    expect(await detailPage.capabilities(detailPage.effectiveCapabilities)).toEqual(["CAP_NET_BIND_SERVICE"]);
    expect(await detailPage.capabilities(detailPage.page.getByTestId("cap-drop"))).toEqual(["ALL"]);
    expect(await detailPage.capabilities(detailPage.page.getByTestId("cap-add"))).toEqual([
      "CAP_NET_BIND_SERVICE",
    ]);
    // The engine's default set is shown, all dropped but the one added back.
    expect(await detailPage.capabilities(detailPage.engineDefaultCapabilities)).toEqual([
      ...ENGINE_DEFAULT_CAPABILITIES,
    ]);
    const kept = detailPage.engineDefaultCapabilities.locator('[data-kept="true"]');
    await expect(kept).toHaveCount(1);
    await expect(kept).toHaveAttribute("data-capability", "CAP_NET_BIND_SERVICE");
  });

  test("a default container gets the engine's default set", async ({ detailPage }) => {
    await detailPage.goto(DEFAULT);
    expect(await detailPage.capabilities(detailPage.effectiveCapabilities)).toEqual([
      ...ENGINE_DEFAULT_CAPABILITIES,
    ]);
    await expect(detailPage.page.getByTestId("cap-drop")).toHaveText("nothing dropped");
    await expect(detailPage.engineDefaultCapabilities.locator('[data-kept="false"]')).toHaveCount(0);
  });

  test("a volume that is really a bind or a tmpfs shows what it is, and its checks say so", async ({
    detailPage,
  }) => {
    await detailPage.goto(VOLKINDS);
    const bind = detailPage.mount("/config");
    await expect(bind).toHaveAttribute("data-kind", "bind");
    await expect(bind.getByTestId("mount-source")).toContainText(HOST_DIR);
    const tmpfs = detailPage.mount("/scratch");
    await expect(tmpfs).toHaveAttribute("data-kind", "tmpfs");
    await expect(tmpfs.getByTestId("mount-tmpfs")).toContainText("exec,suid,dev");
    await expect(detailPage.check("writable-bind-mount")).toHaveAttribute("data-status", "fail");
    await expect(detailPage.check("writable-bind-mount")).toContainText(HOST_DIR);
    await expect(detailPage.check("tmpfs-noexec")).toHaveAttribute("data-status", "fail");
  });

  test("mounts, user and security options", async ({ detailPage }) => {
    await detailPage.goto(DEFAULT);
    const tmpfs = detailPage.mount("/run");
    await expect(tmpfs.getByTestId("mount-mode")).toHaveText("rw");
    await expect(tmpfs.getByTestId("mount-tmpfs")).toHaveText("noexec,nosuid,nodev · size 1 MiB");
    const volume = detailPage.mount("/data");
    await expect(volume).toContainText("volume");
    // An anonymous volume is shown by its name, never by its path in the engine's storage.
    await expect(volume.getByTestId("mount-source")).toHaveText(/^[0-9a-f]{64} \(anonymous\)$/);
    await expect(volume.getByTestId("mount-mode")).toHaveText("rw");
    await expect(detailPage.page.getByTestId("config-user-configured")).toHaveText("(not set)");
    await expect(detailPage.page.getByTestId("config-user-uid")).toContainText("uid 0 (root)");
    await expect(detailPage.page.getByTestId("config-security-opt")).toHaveText("no-new-privileges");
    await expect(detailPage.page.getByTestId("config-readonly-rootfs")).toHaveText("false");
    // No storage path of the engine reaches the page: not the volume's folder, the mount sources, the layer
    // folders of the container (the text may name the engine's root, e.g. "/var/lib/docker" in the
    // sensitive-host-mount check's why). Nor does the environment.
    const storage = await storagePaths(DEFAULT);
    expect(
      storage.some((p) => p.includes("/volumes/")),
      storage.join(", "),
    ).toBe(true);
    const html = await detailPage.page.content();
    for (const p of storage) expect(html, p).not.toContain(p);
    expect(html).not.toContain(CANARY_VALUE);
  });

  test("Verify from here: the probes, and a history that grows with each verdict", async ({
    detailPage,
    request,
  }) => {
    await detailPage.goto(HISTORY);
    const before = await detailPage.historyEntries.count();
    expect(await detailPage.verify()).toBe("enforced");
    await expect(detailPage.historyEntries).toHaveCount(before + 1);
    expect(await detailPage.verify()).toBe("enforced");
    await expect(detailPage.historyEntries).toHaveCount(before + 2);
    await expect(detailPage.historyEntries.first()).toHaveAttribute("data-verdict", "enforced");
    await expect(detailPage.page.getByTestId("history-count")).toContainText(`${before + 2} verdicts`);

    const rootWrite = detailPage.probes.and(detailPage.page.locator('[data-probe-id="root-write"]'));
    await expect(rootWrite).toHaveAttribute("data-status", "pass");
    await expect(rootWrite.getByTestId("probe-evidence")).toContainText("Read-only file system");

    // The API says the same, newest first, and survives a reload.
    const api = (await (await request.get(`/api/containers/${HISTORY}`)).json()) as ContainerResponse;
    expect(api.history).toHaveLength(before + 2);
    expect(api.history[0]).toEqual(api.verification);
    expect(Date.parse(api.history[0]?.checkedAt ?? "")).toBeGreaterThan(
      Date.parse(api.history[1]?.checkedAt ?? ""),
    );
    await detailPage.page.reload();
    await expect(detailPage.historyEntries).toHaveCount(before + 2);
    expect(await docker(["diff", HISTORY])).toBe("");
  });

  test("the fleet answer stays lean: no history or configuration", async ({ request }) => {
    const fleet = (await (await request.get("/api/containers")).json()) as FleetResponse;
    const row = fleet.containers.find((c) => c.name === HISTORY);
    expect(row).toBeDefined();
    expect(row).not.toHaveProperty("history");
    expect(row).not.toHaveProperty("configuration");
  });
});

test.describe("remediation", () => {
  // Contract of GET /api/containers/{id}/remediation (issue 4); passes once that endpoint is merged.
  test("docker run and compose are shown verbatim, and Copy puts exactly that text on the clipboard", async ({
    detailPage,
    context,
    request,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const response = await request.get(`/api/containers/${idOf(DEFAULT)}/remediation`);
    expect(response.status()).toBe(200);
    const remediation = (await response.json()) as RemediationResponse;
    await detailPage.goto(DEFAULT);
    await expect(detailPage.remediation).toHaveAttribute("data-state", "ready");
    const page = detailPage.page;
    expect(await page.getByTestId("remediation-docker-run").textContent()).toBe(remediation.dockerRun);
    expect(await page.getByTestId("remediation-compose").textContent()).toBe(remediation.compose);
    await page.getByRole("button", { name: "Copy the docker run command" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(remediation.dockerRun);
    await page.getByRole("button", { name: "Copy the compose snippet" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(remediation.compose);
  });

  test("a remediation that cannot be generated is said so, and the rest of the page stands", async ({
    detailPage,
    page,
  }) => {
    let calls = 0;
    await page.route("**/api/containers/*/remediation", (route) => {
      calls += 1;
      return route.fulfill({
        status: 502,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "engine_error", message: "The engine answered 500: boom" } }),
      });
    });
    await detailPage.goto(DEFAULT);
    await expect(detailPage.remediation).toHaveAttribute("data-state", "error");
    await expect(detailPage.remediation).toContainText("The remediation could not be generated");
    await expect(detailPage.remediation).toContainText("The engine answered 500: boom");
    await expect(detailPage.checks.first()).toBeVisible();
    await page.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => calls).toBeGreaterThan(1);
  });
});

test.describe("references that name no single container", () => {
  test("an unknown name", async ({ detailPage }) => {
    await detailPage.goto("pw-detail-no-such-container");
    await expect(detailPage.error).toHaveAttribute("data-code", "not_found");
    await expect(detailPage.page.getByRole("heading", { name: "No such container" })).toBeVisible();
    await expect(detailPage.page.getByTestId("detail-error-reference")).toHaveText(
      "pw-detail-no-such-container",
    );
  });

  test("an ambiguous id prefix", async ({ detailPage }) => {
    // Among this suite's own containers and the e2e fleet (20 ids, more than 16 hex digits) two ids always
    // share their first digit; other containers on the engine can only add to the ambiguity. A container
    // named like that digit would be found by name instead, so such a digit is not used.
    const e2e = (await docker(["ps", "-aq", "--no-trunc", "--filter", `label=${SUITE_LABEL}=${E2E_SUITE}`]))
      .split("\n")
      .filter(Boolean);
    const counts = new Map<string, number>();
    for (const id of [...e2e, ...Object.values(ids)])
      counts.set(id[0] ?? "", (counts.get(id[0] ?? "") ?? 0) + 1);
    let prefix: string | undefined;
    for (const [digit, n] of counts) {
      if (n < 2) continue;
      const named = await docker(["ps", "-aq", "--filter", `name=^/${digit}$`]);
      if (named === "") {
        prefix = digit;
        break;
      }
    }
    expect(prefix, "two of the suite's containers whose ids share a first digit").toBeDefined();
    await detailPage.goto(prefix ?? "");
    await expect(detailPage.error).toHaveAttribute("data-code", "ambiguous_id");
    await expect(
      detailPage.page.getByRole("heading", { name: "More than one container matches" }),
    ).toBeVisible();
  });

  for (const ref of [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    "a'b\"c;rm -rf /",
    "../../api/health",
    "x".repeat(129),
    "-starts-with-dash",
  ]) {
    test(`an invalid reference is shown as text: ${ref.slice(0, 40)}`, async ({ detailPage, page }) => {
      let dialog = false;
      page.on("dialog", (d) => {
        dialog = true;
        void d.dismiss();
      });
      await detailPage.goto(ref);
      await expect(detailPage.error).toHaveAttribute("data-code", "invalid_id");
      await expect(page.getByRole("heading", { name: "That is not a container reference" })).toBeVisible();
      await expect(page.getByTestId("detail-error-reference")).toHaveText(ref);
      await expect(page.locator("main img, main script")).toHaveCount(0);
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialog).toBe(false);
    });
  }

  test("engine down: the page says where and why, not a crash", async ({ detailPage }) => {
    await detailPage.goto("anything", DEAD_BASE_URL);
    await expect(detailPage.error).toHaveAttribute("data-code", "docker_unavailable");
    await expect(detailPage.page.getByTestId("engine-unavailable")).toBeVisible();
    await expect(detailPage.page.getByTestId("engine-unavailable")).toContainText("ENOENT");
  });
});
