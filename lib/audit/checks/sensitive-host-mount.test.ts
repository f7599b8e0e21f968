import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { sensitiveHostMount } from "./sensitive-host-mount";

describe("sensitive-host-mount", () => {
  it.each([
    ["sensitive-etc-rw", "fail", "critical", "host system folders mounted: /etc (writable)"],
    ["sensitive-etc-ro", "fail", "high", "host system folders mounted: /etc (read-only)"],
    ["etc-localtime-ro", "pass", undefined, "no sensitive host folders mounted"],
    ["socket-ro", "pass", undefined, "no sensitive host folders mounted"],
    ["named-volume-ro", "pass", undefined, "no sensitive host folders mounted"],
  ])("%s → %s %s", (name, status, severity, message) => {
    const outcome = sensitiveHostMount.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.severity).toBe(severity);
    expect(outcome.message).toBe(message);
  });

  it("matches the exact folder however it is spelled (/etc/, //etc)", () => {
    const s = fixtureSnapshot("sensitive-etc-ro");
    for (const source of ["/etc/", "//etc", "/etc/./"]) {
      const spelled = { ...s, mounts: s.mounts.map((m) => (m.type === "bind" ? { ...m, source } : m)) };
      expect(sensitiveHostMount.evaluate(spelled).message).toBe(
        "host system folders mounted: /etc (read-only)",
      );
    }
  });

  it.each([
    ["/var/lib", "host system folders mounted: /var/lib (holds /var/lib/docker) (read-only)"],
    ["/var", "host system folders mounted: /var (holds /var/lib/docker) (read-only)"],
    ["/", "host system folders mounted: / (read-only)"],
  ])("flags %s, which holds a sensitive folder", (source, message) => {
    const s = fixtureSnapshot("sensitive-etc-ro");
    const mounted = { ...s, mounts: s.mounts.map((m) => (m.type === "bind" ? { ...m, source } : m)) };
    expect(sensitiveHostMount.evaluate(mounted)).toMatchObject({ status: "fail", severity: "high", message });
  });

  it.each([
    ["/srv/engine", "/srv/engine (the engine's storage)"],
    ["/srv/engine/volumes/v/_data", "/srv/engine/volumes/v/_data (the engine's storage)"],
    ["/srv", "/srv (holds the engine's storage)"],
  ])("flags %s where DockerRootDir is /srv/engine", (source, exposure) => {
    const s = fixtureSnapshot("sensitive-etc-ro");
    const mounted = {
      ...s,
      engine: { ...s.engine, dockerRootDir: "/srv/engine" },
      mounts: s.mounts.map((m) => (m.type === "bind" ? { ...m, source, rw: true } : m)),
    };
    expect(sensitiveHostMount.evaluate(mounted)).toMatchObject({
      status: "fail",
      severity: "critical",
      message: `host system folders mounted: ${exposure} (writable)`,
    });
  });

  it.each(["/var/lib/app", "/srv/data", "/home/user/app"])("leaves %s alone", (source) => {
    const s = fixtureSnapshot("sensitive-etc-ro");
    const mounted = { ...s, mounts: s.mounts.map((m) => (m.type === "bind" ? { ...m, source } : m)) };
    expect(sensitiveHostMount.evaluate(mounted).status).toBe("pass");
  });
});
