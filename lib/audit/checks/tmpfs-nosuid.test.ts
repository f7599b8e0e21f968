import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { tmpfsNosuid } from "./tmpfs-nosuid";

describe("tmpfs-nosuid", () => {
  it.each([
    ["hardened", "pass", "1 tmpfs mount is nosuid"],
    ["tmpfs-default", "pass", "1 tmpfs mount is nosuid"],
    ["tmpfs-exec", "pass", "1 tmpfs mount is nosuid"],
    ["tmpfs-mount", "pass", "1 tmpfs mount is nosuid"],
    ["readonly-root-user", "na", "no tmpfs mounts"],
  ])("%s → %s", (name, status, message) => {
    const outcome = tmpfsNosuid.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("fails when a later suid undoes the engine's nosuid", () => {
    const s = fixtureSnapshot("tmpfs-default");
    const raw = {
      ...s,
      mounts: s.mounts.map((m) => (m.type === "tmpfs" ? { ...m, options: "suid", nosuid: false } : m)),
    };
    expect(tmpfsNosuid.evaluate(raw).message).toBe("setuid bits take effect on tmpfs /tmp");
  });

  it("every tmpfs of the shared case keeps the engine's nosuid", () => {
    expect(
      tmpfsNosuid.evaluate(caseSnapshot("tmpfs-flag-vs-mount-options", "case-tmpfs-forms")).message,
    ).toBe("all 5 tmpfs mounts are nosuid");
  });
});
