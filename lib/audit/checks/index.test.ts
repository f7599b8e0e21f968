import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHECK_IDS } from "../types";
import { CHECK_LIST, CHECKS } from "./index";

const here = path.dirname(new URL(import.meta.url).pathname);

describe("CHECKS", () => {
  it("has one check per id, each under its own id", () => {
    expect(Object.keys(CHECKS).sort()).toEqual([...CHECK_IDS].sort());
    for (const [id, check] of Object.entries(CHECKS)) expect(check.id).toBe(id);
  });

  it("has a file named after each check id, and no other check file", () => {
    const files = readdirSync(here)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    expect(files.sort()).toEqual([...CHECK_IDS].sort());
  });

  it("ids are unique kebab-case, with title, description and a run flag and compose key", () => {
    expect(new Set(CHECK_IDS).size).toBe(CHECK_IDS.length);
    for (const check of CHECK_LIST) {
      expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(check.title.length).toBeGreaterThan(0);
      expect(check.description.length).toBeGreaterThan(40);
      expect(check.remediation.dockerRun.length).toBeGreaterThan(0);
      expect(check.remediation.compose.length).toBeGreaterThan(0);
    }
  });

  it("lists checks in report column order", () => {
    expect(CHECK_LIST.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it("carries the CIS Docker Benchmark v1.6 items the issue names", () => {
    expect(CHECKS["read-only-rootfs"].cis).toBe("5.13");
    expect(CHECKS["sensitive-host-mount"].cis).toBe("5.6");
    expect(CHECKS["docker-socket-mount"].cis).toBe("5.32");
    expect(CHECKS["non-root-user"].cis).toBe("4.1");
    expect(CHECKS["added-capabilities"].cis).toBe("5.4");
    expect(CHECKS.privileged.cis).toBe("5.5");
    expect(CHECKS["no-new-privileges"].cis).toBe("5.26");
    expect(CHECKS["seccomp-profile"].cis).toBe("5.22");
    expect(CHECKS["memory-limit"].cis).toBe("5.11");
    expect(CHECKS["pids-limit"].cis).toBe("5.29");
  });
});
