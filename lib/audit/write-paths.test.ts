import { describe, expect, it } from "vitest";
import { remediationInput } from "./fixtures/remediation/load";
import { type KnownImage, knownImage } from "./known-images";
import {
  coversSystemFolder,
  describeChange,
  discoverWritePaths,
  type FileChange,
  MAX_EVIDENCE,
} from "./write-paths";

const added = (path: string): FileChange => ({ path, kind: "added" });
const modified = (path: string): FileChange => ({ path, kind: "modified" });

describe("describeChange", () => {
  it("writes the kind, then the path", () => {
    expect(describeChange({ path: "/etc/group", kind: "deleted" })).toBe("deleted /etc/group");
  });
});

describe("discoverWritePaths", () => {
  it("groups a real change list into tmpfs for scratch, cache and run state, and a volume for data (fixture writes-root)", () => {
    const { snapshot, changes } = remediationInput("writes-root");
    const result = discoverWritePaths(changes, snapshot, null);
    expect(result.writePaths).toEqual([
      { path: "/data", kind: "tmpfs", evidence: ["added /data/app.sock"] },
      { path: "/data/db", kind: "volume", evidence: ["added /data/db/rows"] },
      { path: "/tmp", kind: "tmpfs", evidence: ["added /tmp/scratch"] },
      { path: "/var/cache/app", kind: "tmpfs", evidence: ["added /var/cache/app/sub/c1"] },
      { path: "/var/run", kind: "tmpfs", evidence: ["added /var/run/app.pid"] },
    ]);
    expect(result.unplaced).toEqual([]);
    // /data is in the image (modified, not added): a tmpfs there hides its files.
    expect(result.hidesImageFiles).toEqual(["/data"]);
  });

  it("leaves out what the engine made: mount points, the working folder, docker-init (fixture writes-root)", () => {
    const { snapshot, changes } = remediationInput("writes-root");
    expect(discoverWritePaths(changes, snapshot, null).ignored).toEqual([
      "/config (mount point)",
      "/etc (mount point)",
      "/etc/app (mount point)",
      "/sbin (docker-init)",
      "/sbin/docker-init (docker-init)",
      "/srv (working folder)",
      "/var (mount point)",
      "/var/lib (mount point)",
      "/var/lib/app (mount point)",
    ]);
  });

  it("steps below /var/lib onto the app's folder and leaves out a shell history (fixture writes-exited)", () => {
    const { snapshot, changes } = remediationInput("writes-exited");
    const result = discoverWritePaths(changes, snapshot, null);
    expect(result.writePaths).toEqual([
      { path: "/tmp", kind: "tmpfs", evidence: ["added /tmp/x"] },
      { path: "/var/lib/app", kind: "volume", evidence: ["added /var/lib/app/state"] },
    ]);
    expect(result.ignored).toEqual(["/root/.ash_history (interactive shell)"]);
    expect(result.unplaced).toEqual([]);
  });

  it("keeps hostile paths as they are (fixture hostile)", () => {
    const { snapshot, changes } = remediationInput("hostile");
    expect(discoverWritePaths(changes, snapshot, null).writePaths).toEqual([
      { path: "/tmp", kind: "tmpfs", evidence: ["added /tmp/a b/f"] },
      { path: "/var/lib/x\ny", kind: "volume", evidence: ["added /var/lib/x\ny/z"] },
    ]);
  });

  it("starts a known image from the field guide's table, even for paths not written yet (fixture nginx-tagged)", () => {
    const { snapshot, changes } = remediationInput("nginx-tagged");
    const guide = "field guide: nginx writes PID files, request buffers and cache files";
    expect(discoverWritePaths(changes, snapshot, knownImage(snapshot.image)).writePaths).toEqual([
      { path: "/tmp", kind: "tmpfs", evidence: [guide] },
      { path: "/var/cache/nginx", kind: "tmpfs", evidence: [guide, "added /var/cache/nginx/client_temp"] },
      // Its `echo 1 > /var/run/nginx.pid` failed (busybox has no /var/run): known, though never written.
      { path: "/var/run", kind: "tmpfs", evidence: [guide] },
    ]);
  });

  it("skips a known path an existing mount already provides", () => {
    const { snapshot } = remediationInput("writes-root");
    const known: KnownImage = {
      id: "app",
      repositories: ["app"],
      source: "test table",
      writePaths: [
        { path: "/var/lib/app", kind: "volume" },
        { path: "/run/app", kind: "tmpfs", size: "1m" },
      ],
      capabilities: [],
    };
    expect(discoverWritePaths(null, snapshot, known).writePaths).toEqual([
      { path: "/run/app", kind: "tmpfs", evidence: ["test table"] },
    ]);
  });

  it("says why the list is empty: read-only already, or never run (fixtures nonroot-limits, created)", () => {
    const ro = remediationInput("nonroot-limits");
    const result = discoverWritePaths(ro.changes, ro.snapshot, null);
    expect(result.writePaths).toEqual([]);
    expect(result.notes[0]).toBe(
      "The engine's change list is empty (null): the root filesystem is read-only already, so only its existing mounts take writes.",
    );
    const created = remediationInput("created");
    expect(discoverWritePaths(created.changes, created.snapshot, null).notes[0]).toBe(
      "The container has never run, so the engine's change list shows nothing it writes.",
    );
    expect(result.notes[1]).toContain("never shows writes to tmpfs mounts or volumes");
  });

  it("cannot place writes to the image's own files in /etc, and says so", () => {
    const { snapshot } = remediationInput("writes-exited");
    const result = discoverWritePaths(
      [
        modified("/etc"),
        added("/etc/app.pid"),
        { path: "/etc/group", kind: "deleted" },
        modified("/etc/passwd"),
      ],
      snapshot,
      null,
    );
    expect(result.writePaths).toEqual([]);
    expect(result.unplaced).toEqual([
      { folder: "/etc", evidence: ["added /etc/app.pid", "deleted /etc/group", "modified /etc/passwd"] },
    ]);
  });

  it("places a folder the app made even below /etc, pid files in their folder, loose cache files in /var/cache", () => {
    const { snapshot } = remediationInput("writes-exited");
    const result = discoverWritePaths(
      [
        modified("/etc"),
        added("/etc/app"),
        added("/etc/app/generated.conf"),
        modified("/opt"),
        added("/opt/svc"),
        added("/opt/svc/svc.pid"),
        modified("/var"),
        added("/var/cache"),
        added("/var/cache/index.bin"),
      ],
      snapshot,
      null,
    );
    expect(result.writePaths).toEqual([
      { path: "/etc/app", kind: "volume", evidence: ["added /etc/app/generated.conf"] },
      { path: "/opt/svc", kind: "tmpfs", evidence: ["added /opt/svc/svc.pid"] },
      { path: "/var/cache", kind: "tmpfs", evidence: ["added /var/cache/index.bin"] },
    ]);
  });

  it("keeps a folder that holds data beside its pid and lock files as a volume, whatever the order", () => {
    const { snapshot } = remediationInput("writes-root");
    const files = ["/opt/app/app.pid", "/opt/app/app.lock", "/opt/app/data.bin"];
    for (const order of [files, [...files].reverse()]) {
      const changes = [added("/opt"), added("/opt/app"), ...order.map(added)];
      expect(discoverWritePaths(changes, snapshot, null).writePaths).toEqual([
        { path: "/opt/app", kind: "volume", evidence: order.map((f) => `added ${f}`) },
      ]);
    }
  });

  it("merges a write path into an enclosing one of the same kind", () => {
    const { snapshot } = remediationInput("writes-exited");
    const result = discoverWritePaths(
      [
        added("/appdata"),
        added("/appdata/a"),
        modified("/appdata2"),
        added("/appdata/a/b"),
        added("/appdata/x"),
      ],
      snapshot,
      null,
    );
    expect(result.writePaths).toEqual([
      { path: "/appdata", kind: "volume", evidence: ["added /appdata/a/b", "added /appdata/x"] },
    ]);
    expect(result.unplaced).toEqual([{ folder: "/", evidence: ["modified /appdata2"] }]);
  });

  it(`keeps at most ${MAX_EVIDENCE} files as evidence, and counts the rest`, () => {
    const { snapshot } = remediationInput("writes-exited");
    const files = Array.from({ length: 25 }, (_, i) => added(`/tmp/f${String(i).padStart(2, "0")}`));
    const [tmp] = discoverWritePaths([modified("/tmp"), ...files], snapshot, null).writePaths;
    expect(tmp?.evidence).toHaveLength(MAX_EVIDENCE + 1);
    expect(tmp?.evidence.at(-1)).toBe("… and 5 more");
  });
});

describe("coversSystemFolder", () => {
  it.each([
    ["/", true],
    ["//", true],
    ["/etc", true],
    ["/etc/", true],
    ["//etc/.", true],
    ["/tmp/../etc", true],
    ["/usr", true],
    ["/usr/lib", true],
    ["/lib64", true],
    ["/libexec", true],
    ["/root", true],
    ["/proc", true],
    ["/dev", true],
    ["/var", true],
    ["/var/lib", true],
    ["tmp", true],
    ["/tmp\u0000", true],
    ["/tmp", false],
    ["/dev/shm", false],
    ["/var/lib/app", false],
    ["/usr/local/app", false],
  ])("%j → %s", (path, expected) => {
    expect(coversSystemFolder(path)).toBe(expected);
  });
});

describe("discoverWritePaths with hostile change paths", () => {
  it("normalises each path before any rule, and leaves out ones that are not clean absolute paths", () => {
    const result = discoverWritePaths(
      [
        { path: "/tmp/../etc/passwd", kind: "modified" },
        { path: "/dev/shm/../../usr/bin/x", kind: "added" },
        { path: "//var/cache/app/./y", kind: "added" },
        { path: "relative/x", kind: "added" },
        { path: "/run/\u0000/x", kind: "added" },
      ],
      remediationInput("writes-root").snapshot,
      null,
    );
    expect(result.writePaths.map((w) => [w.path, w.kind])).toEqual([["/var/cache/app", "tmpfs"]]);
    expect(result.unplaced.map((u) => u.folder)).toEqual(["/etc", "/usr/bin"]);
    expect(result.ignored).toHaveLength(2);
  });
});
