import { describe, expect, it } from "vitest";
import { rawCase, rawFixture } from "@/lib/audit/fixtures/load";
import { rawRemediation } from "@/lib/audit/fixtures/remediation/load";
import { envDigests, InspectShapeError, parseImageInspect, parseInspect } from "./inspect-schema";

describe("parseInspect", () => {
  it("keeps only names and keyed digests of Config.Env, and drops every field roaudit does not read", () => {
    const raw = rawFixture("hardened");
    expect(JSON.stringify(raw)).toContain("canary-secret-value");
    const parsed = parseInspect(raw);
    expect(JSON.stringify(parsed)).not.toContain("canary-secret-value");
    expect(Object.keys(parsed.Config).sort()).toEqual([
      "Cmd",
      "Entrypoint",
      "Env",
      "ExposedPorts",
      "Hostname",
      "Image",
      "Labels",
      "User",
      "WorkingDir",
    ]);
    expect(parsed.Config.Env.map((e) => e.name)).toEqual(["ROAUDIT_CANARY", "PATH"]);
    for (const e of parsed.Config.Env) {
      expect(Object.keys(e).sort()).toEqual(["digest", "name"]);
      expect(e.digest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("digests equal entries alike and different values apart, within the process", () => {
    const a = envDigests.parse(["A=1", "B=2"]);
    const b = envDigests.parse(["A=1", "B=3"]);
    expect(a[0]?.digest).toBe(b[0]?.digest);
    expect(a[1]?.digest).not.toBe(b[1]?.digest);
    expect(envDigests.parse(null)).toEqual([]);
  });

  it("reads the run settings remediation needs (fixture remediation/writes-root)", () => {
    const parsed = parseInspect(rawRemediation("writes-root", "inspect"));
    expect(parsed.HostConfig.PortBindings).toEqual({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] });
    expect(parsed.HostConfig.RestartPolicy).toEqual({ Name: "unless-stopped", MaximumRetryCount: 0 });
    expect(parsed.HostConfig.Init).toBe(true);
    expect(parsed.NetworkSettings.Networks).toEqual(["none"]);
    expect(parsed.Config.ExposedPorts).toEqual(["80/tcp"]);
    expect(parsed.Config.Entrypoint).toEqual([]);
    expect(parsed.Image).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("accepts every captured fixture and every shared case container", () => {
    for (const name of ["writable-default", "privileged-readonly", "paused", "exited", "user-name-ghost"]) {
      expect(() => parseInspect(rawFixture(name))).not.toThrow();
    }
    for (const id of [
      "container-state-exec-errors",
      "csv-export-injection-and-quoting",
      "resource-limit-encodings",
    ]) {
      for (const raw of rawCase(id)) expect(() => parseInspect(raw)).not.toThrow();
    }
  });

  it.each([
    [null, "(root)"],
    ["garbage", "(root)"],
    [{ Id: "abc" }, "Id"],
    [{ ...rawFixture("hardened"), HostConfig: { CapAdd: "ALL" } }, "HostConfig.CapAdd"],
  ])("rejects a malformed answer naming the field: %#", (raw, where) => {
    expect(() => parseInspect(raw)).toThrow(InspectShapeError);
    expect(() => parseInspect(raw)).toThrow(`unexpected inspect answer at ${where}`);
  });
});

describe("parseImageInspect", () => {
  it("reads the image's command, entrypoint, working folder and env digests, nothing else", () => {
    const parsed = parseImageInspect(rawRemediation("writes-root", "image"));
    expect(parsed.Config).toMatchObject({ Cmd: ["sleep", "infinity"], Entrypoint: [], WorkingDir: "" });
    expect(parsed.Config.Env.map((e) => e.name)).toEqual(["PATH"]);
  });

  it("throws InspectShapeError on a malformed answer", () => {
    expect(() => parseImageInspect({ Config: { Cmd: 3 } })).toThrow(InspectShapeError);
  });
});
