import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { remediationInput } from "../fixtures/remediation/load";
import { knownImage } from "../known-images";
import { discoverWritePaths } from "../write-paths";
import { buildPlan, dockerSize, weakening } from "./plan";

function planOf(name: Parameters<typeof remediationInput>[0], options?: { withImage?: boolean }) {
  const { snapshot, changes } = remediationInput(name, options);
  const known = knownImage(snapshot.image);
  return buildPlan(snapshot, discoverWritePaths(changes, snapshot, known), known);
}

describe("dockerSize", () => {
  it("writes bytes in the largest whole unit docker takes", () => {
    expect(dockerSize(67108864)).toBe("64m");
    expect(dockerSize(1073741824)).toBe("1g");
    expect(dockerSize(8192)).toBe("8k");
    expect(dockerSize(1000)).toBe("1000");
  });
});

describe("buildPlan", () => {
  it("keeps what a root container runs and adds the restrictions (fixture writes-root)", () => {
    const plan = planOf("writes-root");
    expect(plan).toMatchObject({
      name: "rem-writes-root",
      image: "roaudit-fixture:busybox",
      entrypoint: null,
      command: ["sh", "-c", expect.stringContaining("exec sleep infinity")],
      workingDir: "/srv",
      user: null,
      capAdd: ["NET_BIND_SERVICE"],
      securityOpt: ["no-new-privileges:true"],
      memory: "256m",
      memorySwap: null,
      pidsLimit: 256,
      envFile: "./rem-writes-root.env",
      network: "none",
      extraNetworks: [],
      ports: [{ containerPort: "80/tcp", hostIp: "127.0.0.1", hostPort: "8080" }],
      restart: "unless-stopped",
      hostname: "app-host",
      init: true,
    });
    expect(plan.tmpfs.map((t) => t.path)).toEqual(["/data", "/tmp", "/var/cache/app", "/var/run"]);
    expect(plan.mounts).toEqual([
      { type: "bind", source: "/srv/hostdata/config", target: "/config", readOnly: true, existing: true },
      {
        type: "volume",
        source: "rem-writes-root-data-db",
        target: "/data/db",
        readOnly: false,
        existing: false,
      },
      { type: "volume", source: "rem-cfg", target: "/etc/app", readOnly: true, existing: true },
      { type: "volume", source: "rem-data", target: "/var/lib/app", readOnly: false, existing: true },
    ]);
    const byFlag = (flag: string) => plan.checks.filter((c) => c.flag === flag).map((c) => c.text);
    expect(byFlag("--user")).toEqual([
      'it runs as root today (Config.User ""): which non-root uid does the image support? Then add --user <uid>:<gid>',
    ]);
    expect(byFlag("--env-file")).toEqual([
      "put the 2 variables it sets beyond its image's in ./rem-writes-root.env as NAME=value lines; names and values are never shown here",
    ]);
    expect(byFlag("-v")).toContain(
      "/config is mounted read-only on the assumption that the app only reads it (writes into mounts are not in the change list); drop :ro if it writes there",
    );
  });

  it("keeps a non-root user, today's limits, added capabilities and an exec tmpfs with a note (fixture nonroot-limits)", () => {
    const plan = planOf("nonroot-limits");
    expect(plan).toMatchObject({
      user: "1000:1000",
      capAdd: ["NET_BIND_SERVICE"],
      memory: "64m",
      memorySwap: "128m",
      pidsLimit: 100,
      envFile: null,
      command: null,
      tmpfs: [{ path: "/tmp", options: "rw,noexec,nosuid,size=8m" }],
    });
    expect(plan.checks).toEqual([
      {
        flag: "--tmpfs",
        key: "tmpfs",
        text: "the tmpfs /tmp allows exec today and is made noexec,nosuid here: the app may need exec there; put it back only if it does",
      },
      {
        flag: "--cap-add",
        key: "cap_add",
        text: "NET_BIND_SERVICE kept (added with --cap-add today): drop it if the app does without",
      },
    ]);
  });

  it("keeps the capabilities a known image uses, drops the rest (fixture nginx-tagged)", () => {
    expect(planOf("nginx-tagged").capAdd).toEqual(["CHOWN", "NET_BIND_SERVICE", "SETGID", "SETUID"]);
  });

  it("writes the command in full and counts env entries when the image could not be read (fixture created)", () => {
    const plan = planOf("created", { withImage: false });
    expect(plan.command).toEqual(["sleep", "infinity"]);
    expect(plan.checks.find((c) => c.flag === "--env-file")?.text).toBe(
      "the container has 1 environment entries (its image's could not be compared): put those it sets itself in ./rem-created.env; values are never shown here",
    );
    expect(planOf("created").command).toBeNull();
  });

  it("reuses an image VOLUME's anonymous volume by its id, with a note (fixture volume-image)", () => {
    const snapshot = fixtureSnapshot("volume-image");
    const plan = buildPlan(snapshot, discoverWritePaths(null, snapshot, null), null);
    const volume = snapshot.mounts.find((m) => m.type === "volume");
    expect(plan.mounts).toEqual([
      {
        type: "volume",
        source: volume?.type === "volume" ? volume.name : "",
        target: "/data",
        readOnly: false,
        existing: true,
      },
    ]);
    expect(plan.checks.filter((c) => c.flag === "-v").map((c) => c.text)).toEqual([
      "/data stays writable: add :ro if the app only reads it (writes into mounts are not in the change list)",
      "/data is an anonymous volume (cec969f1f904…), reused by its id to keep its data: remove the old container without -v, and better give the data a named volume",
    ]);
  });

  it("keeps an overridden entrypoint and working folder as they are (fixture hostile)", () => {
    const plan = planOf("hostile");
    expect(plan.entrypoint).toEqual(["/bin/sh"]);
    expect(plan.workingDir).toBe("/srv/it's here");
    expect(plan.mounts[0]).toEqual({
      type: "bind",
      source: "/srv/hostdata/odd, dir",
      target: "/mnt/odd",
      readOnly: true,
      existing: true,
    });
  });

  it.each([
    ["privileged-readonly", "label=disable"],
    ["seccomp-unconfined", "seccomp=unconfined"],
    ["host-pid-ipc-uts", "label=disable"],
  ])("drops the security option that switches a protection off, with a note (fixture %s)", (name, option) => {
    const snapshot = fixtureSnapshot(name);
    expect(snapshot.securityOpt).toContain(option);
    const plan = buildPlan(snapshot, discoverWritePaths(null, snapshot, null), null);
    expect(plan.securityOpt).toEqual(["no-new-privileges:true"]);
    expect(plan.checks).toContainEqual({
      flag: "--security-opt",
      key: "security_opt",
      text: weakening(option),
    });
  });
});

describe("weakening", () => {
  it.each([
    "label=disable",
    "label:disable",
    "apparmor=unconfined",
    "apparmor:unconfined",
    "seccomp=unconfined",
    "seccomp:unconfined",
  ])("names %s as a weakening", (option) => {
    expect(weakening(option)?.startsWith(`${option} `)).toBe(true);
    expect(weakening(option)).toContain(" is dropped");
  });

  it.each([
    "label=type:spc_t",
    "label=level:s0",
    "apparmor=docker-default",
    "seccomp=/etc/p.json",
    "no-new-privileges",
  ])("keeps %s", (option) => {
    expect(weakening(option)).toBeNull();
  });
});
