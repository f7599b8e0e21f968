import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_WAIVER_POLICY } from "@/lib/audit/waivers";
import { activePolicy, INVALID_POLICY, MAX_POLICY_BYTES } from "./load";

const dir = mkdtempSync(path.join(tmpdir(), "roaudit-policy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = "waived: count\nwaivers:\n  - { check: privileged, reason: lab box, match: { name: lab } }\n";

describe("activePolicy", () => {
  it("is the default without ROAUDIT_POLICY_FILE", () => {
    expect(activePolicy({})).toEqual({
      policy: DEFAULT_WAIVER_POLICY,
      status: { file: null, error: null, waived: "ignore", labels: true, waivers: 0 },
    });
  });

  it("reads the file, and reads it again when it changes", () => {
    const file = path.join(dir, "policy.yaml");
    writeFileSync(file, VALID);
    const first = activePolicy({ ROAUDIT_POLICY_FILE: file });
    expect(first.status).toEqual({ file, error: null, waived: "count", labels: true, waivers: 1 });
    expect(activePolicy({ ROAUDIT_POLICY_FILE: file })).toBe(first);

    writeFileSync(file, `${VALID}labels: false\n`);
    const second = activePolicy({ ROAUDIT_POLICY_FILE: file });
    expect(second.policy.labels).toBe(false);
    expect(second).not.toBe(first);
  });

  it("fails closed with the reason when the file is invalid, and logs it once", () => {
    const file = path.join(dir, "invalid.yaml");
    writeFileSync(file, "waivers:\n  - { check: privileged, reason: '', match: { name: a } }\n");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const active = activePolicy({ ROAUDIT_POLICY_FILE: file });
    activePolicy({ ROAUDIT_POLICY_FILE: file });
    expect(active.policy).toEqual(INVALID_POLICY);
    expect(active.status.error).toBe("waivers.0.reason: a waiver needs a reason");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toContain(file);
    log.mockRestore();
  });

  it("reports a missing, oversized or non-regular file", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(activePolicy({ ROAUDIT_POLICY_FILE: path.join(dir, "absent.yaml") }).status.error).toBe(
      "cannot be read: ENOENT",
    );
    const big = path.join(dir, "big.yaml");
    writeFileSync(big, `# ${"x".repeat(MAX_POLICY_BYTES)}\n`);
    expect(activePolicy({ ROAUDIT_POLICY_FILE: big }).status.error).toBe(
      `larger than ${MAX_POLICY_BYTES} bytes`,
    );
    expect(activePolicy({ ROAUDIT_POLICY_FILE: dir }).status.error).toBe("not a regular file");
    log.mockRestore();
  });
});
