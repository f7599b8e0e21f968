/**
 * One container's detail from a real engine: configuration, redaction of engine storage paths, history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARY_VALUE, createFleet, docker, removeFleet } from "@/e2e/support/fleet";
import { ENGINE_DEFAULT_CAPABILITIES } from "@/lib/audit/capabilities";
import type { Verification } from "@/lib/audit/types";
import { containerDetail } from "./container-detail";
import { viewOf } from "./fleet";
import { recordVerification } from "./verification-store";

const SUITE = "it-container-detail";
let ids: Record<string, string> = {};
let dockerRoot = "";

beforeAll(async () => {
  await removeFleet(SUITE);
  dockerRoot = await docker(["info", "--format", "{{.DockerRootDir}}"]);
  ids = await createFleet(SUITE, [
    { name: "itcd-capnet", args: ["--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE", "--user", "app"] },
    {
      name: "itcd-mounts",
      // A bind from inside the engine's storage (its `tmp` folder) must never show its real path.
      args: ["--tmpfs", "/run:size=1m", "-v", "/data", "-v", `${dockerRoot}/tmp:/engine-tmp:ro`],
    },
  ]);
});

afterAll(async () => {
  await removeFleet(SUITE);
});

const idOf = (name: string) => {
  const id = ids[name];
  if (!id) throw new Error(`${name} was not created`);
  return id;
};

describe("containerDetail", () => {
  it("adds the configuration: effective capabilities, resolved user", async () => {
    const detail = await containerDetail(idOf("itcd-capnet"));
    expect(detail?.name).toBe("itcd-capnet");
    expect(detail?.configuration.capabilities).toEqual({
      add: ["CAP_NET_BIND_SERVICE"],
      drop: ["ALL"],
      engineDefault: [...ENGINE_DEFAULT_CAPABILITIES],
      effective: ["CAP_NET_BIND_SERVICE"],
    });
    expect(detail?.configuration.user).toEqual({
      configured: "app",
      uid: 1000,
      note: `"app" in the container's /etc/passwd`,
    });
  });

  it("the view is the fleet's own", async () => {
    const id = idOf("itcd-capnet");
    const [detail, view] = await Promise.all([containerDetail(id), viewOf(id)]);
    const {
      history: _history,
      configuration: _configuration,
      generatedAt: _generatedAt,
      read: _read,
      ...rest
    } = detail ?? {
      history: [],
      configuration: null,
      generatedAt: "",
      read: null,
    };
    expect(rest).toEqual(view);
  });

  it("mounts: tmpfs flags, a volume by name, engine storage paths redacted, no environment", async () => {
    const detail = await containerDetail(idOf("itcd-mounts"));
    const mounts = detail?.configuration.mounts ?? [];
    expect(mounts.map((m) => [m.type, m.destination, m.rw])).toEqual([
      ["volume", "/data", true],
      ["bind", "/engine-tmp", false],
      ["tmpfs", "/run", true],
    ]);
    expect(mounts.find((m) => m.type === "bind")).toMatchObject({ source: "<docker-root>/tmp" });
    expect(mounts.find((m) => m.type === "tmpfs")).toMatchObject({
      noexec: true,
      nosuid: true,
      nodev: true,
      size: 1048576,
    });
    // No storage path of the engine: the mount sources under its root (the volume's folder, the bind) and the
    // storage driver's folders, as inspect gives them. (Text may name the root itself, e.g. a check's why.)
    const [inspect] = JSON.parse(await docker(["container", "inspect", idOf("itcd-mounts")])) as {
      Mounts: { Source: string }[];
      GraphDriver: { Data: Record<string, string> | null };
    }[];
    const storage = [
      ...(inspect?.Mounts ?? []).map((m) => m.Source),
      ...Object.values(inspect?.GraphDriver.Data ?? {}).flatMap((v) => v.split(":")),
    ].filter((p) => p.startsWith(`${dockerRoot}/`));
    expect(storage).toEqual(
      expect.arrayContaining([`${dockerRoot}/tmp`, expect.stringMatching(/\/volumes\//)]),
    );
    const text = JSON.stringify(detail);
    for (const p of storage) expect(text, p).not.toContain(p);
    expect(text).not.toContain(CANARY_VALUE);
  });

  it("carries the history, newest first, and the last verdict as the verification", async () => {
    const id = idOf("itcd-mounts");
    expect((await containerDetail(id))?.history).toEqual([]);
    const at = (s: number): Verification => ({
      verdict: "not-enforced",
      detail: `write to / succeeded (${s})`,
      checkedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString(),
      probes: [{ id: "root-write", status: "fail", evidence: `write to / succeeded (${s})` }],
    });
    recordVerification(id, at(1));
    recordVerification(id, at(2));
    const detail = await containerDetail(id);
    expect(detail?.history.map((v) => v.detail)).toEqual([
      "write to / succeeded (2)",
      "write to / succeeded (1)",
    ]);
    // Verdicts that recorded no run (`startedAt`) are never shown as the current run's.
    expect(detail?.verification).toEqual({ ...at(2), run: "previous" });
    expect(detail?.history.map((v) => v.run)).toEqual(["previous", "previous"]);
  });

  it("a container that is gone is null", async () => {
    expect(await containerDetail("0".repeat(64))).toBeNull();
  });
});
