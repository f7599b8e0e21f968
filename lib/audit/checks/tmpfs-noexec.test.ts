import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { tmpfsNoexec } from "./tmpfs-noexec";

describe("tmpfs-noexec", () => {
  it.each([
    ["hardened", "pass", "1 tmpfs mount is noexec"],
    ["tmpfs-default", "pass", "1 tmpfs mount is noexec"],
    ["tmpfs-mount", "pass", "1 tmpfs mount is noexec"],
    ["tmpfs-exec", "fail", "executables can run from tmpfs /x"],
    ["writable-default", "na", "no tmpfs mounts"],
  ])("%s → %s", (name, status, message) => {
    const outcome = tmpfsNoexec.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("judges the effective flags, last option wins (case tmpfs-flag-vs-mount-options)", () => {
    const outcome = tmpfsNoexec.evaluate(caseSnapshot("tmpfs-flag-vs-mount-options", "case-tmpfs-forms"));
    expect(outcome.status).toBe("fail");
    expect(outcome.message).toBe("executables can run from tmpfs /run, /var/dup");
    expect(outcome.evidence.tmpfs).toEqual({
      "/cache": {
        source: "HostConfig.Mounts",
        options: "size=67108864,mode=1770",
        effective: "rw,noexec,nosuid,nodev,size=64 MiB",
      },
      "/run": {
        source: "HostConfig.Tmpfs",
        options: "rw,exec,size=64m",
        effective: "rw,exec,nosuid,nodev,size=64 MiB",
      },
      "/tmp": { source: "HostConfig.Tmpfs", options: "", effective: "rw,noexec,nosuid,nodev,size=unbounded" },
      "/var/dup": {
        source: "HostConfig.Tmpfs",
        options: "noexec,exec",
        effective: "rw,exec,nosuid,nodev,size=unbounded",
      },
      "/var/dup2": {
        source: "HostConfig.Tmpfs",
        options: "exec,noexec",
        effective: "rw,noexec,nosuid,nodev,size=unbounded",
      },
    });
  });
});
