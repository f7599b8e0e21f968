import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot, rawCase, snapshotOf } from "@/lib/audit/fixtures/load";
import { rawRemediation, remediationInput } from "@/lib/audit/fixtures/remediation/load";
import { parseImageInspect, parseInspect } from "./inspect-schema";
import { toSnapshot } from "./snapshot";

describe("toSnapshot", () => {
  it.each([
    ["//etc", "/etc"],
    ["/tmp/", "/tmp"],
    ["//srv//cache", "/srv/cache"],
    ["/srv/./static/", "/srv/static"],
    ["/var/lib/../run", "/var/run"],
    ["/run", "/run"],
  ])("cleans the mount destination %s to %s as the runtime does", (given, clean) => {
    const raw = rawCase("tmpfs-destination-not-normalized")[0] as {
      HostConfig: Record<string, unknown>;
      Mounts: unknown[];
    };
    for (const variant of [
      { ...raw, HostConfig: { ...raw.HostConfig, Tmpfs: { [given]: "rw,size=1m" } }, Mounts: [] },
      {
        ...raw,
        HostConfig: { ...raw.HostConfig, Tmpfs: {}, Mounts: [{ Type: "tmpfs", Target: given }] },
        Mounts: [],
      },
      {
        ...raw,
        HostConfig: { ...raw.HostConfig, Tmpfs: {} },
        Mounts: [{ Type: "bind", Source: "/srv/x", Destination: given, Mode: "", RW: false }],
      },
    ]) {
      expect(snapshotOf(variant).mounts.map((m) => m.destination)).toEqual([clean]);
    }
  });

  it("merges two spellings of one tmpfs destination into one mount", () => {
    const raw = rawCase("tmpfs-destination-not-normalized")[0] as { HostConfig: Record<string, unknown> };
    const s = snapshotOf({
      ...raw,
      HostConfig: { ...raw.HostConfig, Tmpfs: { "/tmp/": "exec", "//tmp": "" } },
    });
    expect(s.mounts.filter((m) => m.destination === "/tmp")).toHaveLength(1);
  });

  it("treats absent, null and empty collections alike (case null-vs-absent-fields)", () => {
    const s = caseSnapshot("null-vs-absent-fields", "case-ro-implicit");
    expect(s).toMatchObject({
      name: "case-ro-implicit",
      readonlyRootfs: true,
      mounts: [],
      capAdd: [],
      capDrop: [],
      securityOpt: [],
      pidsLimit: null,
      labels: {},
    });
  });

  it("gives the same snapshot whatever order the engine lists Mounts[] in (case bind-ro-syntax-forms)", () => {
    const raw = rawCase("bind-ro-syntax-forms")[0] as { Mounts: unknown[] };
    const reversed = { ...raw, Mounts: [...raw.Mounts].reverse() };
    expect(snapshotOf(reversed)).toEqual(snapshotOf(raw));
    expect(snapshotOf(raw).mounts.map((m) => m.destination)).toEqual([
      "/anon-vol",
      "/b-explicit-rw",
      "/b-ro",
      "/b-ro-z",
      "/b-rw",
      "/b-z-ro",
      "/m-readonly",
      "/m-ro-true",
      "/m-rw",
      "/named-vol",
      "/named-vol-ro",
    ]);
  });

  it("merges HostConfig.Tmpfs and --mount tmpfs, with decimal Mode read as octal (case tmpfs-flag-vs-mount-options)", () => {
    const s = caseSnapshot("tmpfs-flag-vs-mount-options", "case-tmpfs-forms");
    expect(s.mounts.find((m) => m.destination === "/cache")).toEqual({
      type: "tmpfs",
      destination: "/cache",
      origin: "mount",
      options: "size=67108864,mode=1770",
      rw: true,
      noexec: true,
      nosuid: true,
      nodev: true,
      size: 67108864,
    });
    expect(s.mounts.filter((m) => m.type === "tmpfs").map((m) => m.destination)).toEqual([
      "/cache",
      "/run",
      "/tmp",
      "/var/dup",
      "/var/dup2",
    ]);
  });

  it("marks 64-hex volume names anonymous and keeps only the name, never the engine's host path", () => {
    const s = fixtureSnapshot("volume-image");
    expect(s.mounts).toHaveLength(1);
    expect(s.mounts[0]).toMatchObject({ type: "volume", anonymous: true, destination: "/data", rw: true });
    expect(JSON.stringify(s.mounts)).not.toContain("/var/lib/docker");
  });

  it("sees binds inherited through --volumes-from", () => {
    expect(fixtureSnapshot("volumes-from").mounts).toEqual([
      { type: "bind", source: "/srv/hostdata/shared", destination: "/shared", rw: true },
    ]);
  });

  it("reads API 1.46+ TmpfsOptions.Options such as exec", () => {
    const inspect = parseInspect(rawCase("tmpfs-flag-vs-mount-options")[0]);
    inspect.HostConfig.Mounts = [
      { Type: "tmpfs", Source: "", Target: "/cache", ReadOnly: false, TmpfsOptions: { Options: [["exec"]] } },
    ];
    const s = toSnapshot(inspect, {
      passwd: null,
      engine: { seccompSupported: true, dockerRootDir: "/var/lib/docker" },
    });
    expect(s.mounts.find((m) => m.destination === "/cache")).toMatchObject({
      options: "exec",
      noexec: false,
    });
  });

  it("carries no environment", () => {
    expect(JSON.stringify(fixtureSnapshot("hardened"))).not.toContain("canary-secret-value");
  });
});

describe("toSnapshot: run settings", () => {
  it("reads what a faithful docker run needs, env by name only (fixture remediation/writes-root)", () => {
    const { snapshot } = remediationInput("writes-root");
    expect(snapshot.run).toEqual({
      entrypoint: [],
      cmd: ["sh", "-c", expect.stringContaining("mkdir -p /var/run")],
      workingDir: "/srv",
      image: { entrypoint: [], cmd: ["sleep", "infinity"], workingDir: "" },
      exposedPorts: ["80/tcp"],
      portBindings: [{ containerPort: "80/tcp", hostIp: "127.0.0.1", hostPort: "8080" }],
      networks: ["none"],
      restartPolicy: { name: "unless-stopped", maximumRetryCount: 0 },
      hostname: "app-host",
      init: true,
      // PATH is the image's own; the two others are the container's.
      env: { count: 3, own: ["APP_MODE", "ROAUDIT_CANARY"] },
    });
    expect(JSON.stringify(snapshot)).not.toContain("canary-secret-value");
  });

  it("does not count the default PATH the engine adds for an image without one as the container's own", () => {
    const inspect = parseInspect(rawRemediation("writes-root", "inspect"));
    const image = parseImageInspect({ Config: { Cmd: ["sleep", "infinity"], Env: null } });
    const snapshot = toSnapshot(inspect, {
      passwd: null,
      engine: { seccompSupported: true, dockerRootDir: null },
      image,
    });
    expect(snapshot.run.env).toEqual({ count: 3, own: ["APP_MODE", "ROAUDIT_CANARY"] });
  });

  it("knows neither the image's settings nor the own env names when the image was not read", () => {
    const { snapshot } = remediationInput("writes-root", { withImage: false });
    expect(snapshot.run.image).toBeNull();
    expect(snapshot.run.env).toEqual({ count: 3, own: null });
  });

  it("treats the engine's default hostname (the short id) as unset (fixture remediation/created)", () => {
    const { snapshot } = remediationInput("created");
    expect(snapshot.run.hostname).toBeNull();
    expect(snapshot.run.env).toEqual({ count: 1, own: [] });
    expect(snapshot.run.restartPolicy).toEqual({ name: "no", maximumRetryCount: 0 });
  });
});
