/**
 * Waivers on the engine path: label waivers on real containers and a policy file read (and read again after an
 * edit) by `viewOf`/`readFleet`, the functions the API routes call.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HARDENED } from "@/e2e/support/e2e-fleet";
import { createFleet, removeFleet } from "@/e2e/support/fleet";
import type { ContainerView } from "@/lib/api-types";
import { readFleet, viewOf } from "@/lib/docker/fleet";

const SUITE = "it-policy-c";
const dir = mkdtempSync(path.join(tmpdir(), "roaudit-it-policy-"));
const file = path.join(dir, "policy.yaml");
let ids: Record<string, string> = {};

const rootless = HARDENED.filter((_, i) => HARDENED[i] !== "--user" && HARDENED[i - 1] !== "--user");

beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    {
      name: "itp-waived-label",
      args: [
        ...rootless,
        "--label",
        "roaudit.waive.non-root-user=legacy image",
        "--label",
        "com.docker.compose.project=itp",
      ],
    },
    { name: "itp-plain", args: rootless },
  ]);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await removeFleet(SUITE);
  rmSync(dir, { recursive: true, force: true });
});

async function view(name: string): Promise<ContainerView> {
  const id = ids[name];
  if (!id) throw new Error(name);
  const v = await viewOf(id);
  if (!v) throw new Error(`${name} is gone`);
  return v;
}

const nonRoot = (v: Pick<ContainerView, "checks">) => v.checks.find((c) => c.id === "non-root-user");

describe("waivers through viewOf", () => {
  it("applies a label waiver without a policy file", async () => {
    vi.stubEnv("ROAUDIT_POLICY_FILE", "");
    const waived = await view("itp-waived-label");
    expect(nonRoot(waived)).toMatchObject({
      status: "waived",
      waiver: { reason: "legacy image", source: "label" },
    });
    expect(waived).toMatchObject({ score: 100, grade: "A", compose: { project: "itp", service: null } });
    expect(await view("itp-plain")).toMatchObject({ score: 85, grade: "B" });
  });

  it("applies the policy file, reads it again after an edit, and fails closed while it is invalid", async () => {
    vi.stubEnv("ROAUDIT_POLICY_FILE", file);
    writeFileSync(
      file,
      "waived: count\nwaivers:\n  - { check: non-root-user, reason: reviewed, match: { name: itp-plain } }\n",
    );
    const plain = await view("itp-plain");
    expect(nonRoot(plain)).toMatchObject({
      status: "waived",
      waiver: { reason: "reviewed", source: "policy" },
    });
    // waived: count — the waiver is listed but costs what the failure did.
    expect(plain.score).toBe(85);
    const fleet = await readFleet({ all: false });
    expect(fleet.policy).toEqual({ file, error: null, waived: "count", labels: true, waivers: 1 });

    writeFileSync(
      file,
      "waived: ignore\nlabels: false\nwaivers:\n  - { check: non-root-user, reason: ok, match: { name: itp-plain } }\n",
    );
    expect(await view("itp-plain")).toMatchObject({ score: 100 });
    const labelled = await view("itp-waived-label");
    expect(nonRoot(labelled)?.status).toBe("fail");
    expect(labelled.waiverProblems).toEqual([
      'label "roaudit.waive.non-root-user" ignored: label waivers are off on this server',
    ]);

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    writeFileSync(file, "waivers: [ { check: nope } ]\n");
    const broken = await readFleet({ all: false });
    expect(broken.policy.error).toMatch(/^waivers\.0\.check: /);
    const ours = broken.containers.filter((c) => Object.values(ids).includes(c.id));
    expect(ours.map((c) => nonRoot(c)?.status)).toEqual(["fail", "fail"]);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
