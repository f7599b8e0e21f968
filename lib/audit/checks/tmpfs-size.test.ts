import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { tmpfsSize } from "./tmpfs-size";

describe("tmpfs-size", () => {
  it.each([
    ["hardened", "pass", "size-limited: /tmp 64 MiB"],
    ["tmpfs-mount", "pass", "size-limited: /cache 64 MiB"],
    ["tmpfs-default", "fail", "no size limit on tmpfs /tmp"],
    ["tmpfs-exec", "fail", "no size limit on tmpfs /x"],
    ["user-0-0", "na", "no tmpfs mounts"],
  ])("%s → %s", (name, status, message) => {
    const outcome = tmpfsSize.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("lists every unbounded tmpfs of the shared case", () => {
    expect(tmpfsSize.evaluate(caseSnapshot("tmpfs-flag-vs-mount-options", "case-tmpfs-forms")).message).toBe(
      "no size limit on tmpfs /tmp, /var/dup, /var/dup2",
    );
  });

  it("does not ask a read-only tmpfs for a size limit", () => {
    const s = fixtureSnapshot("tmpfs-default");
    const ro = { ...s, mounts: s.mounts.map((m) => (m.type === "tmpfs" ? { ...m, rw: false } : m)) };
    expect(tmpfsSize.evaluate(ro)).toMatchObject({ status: "pass", message: "size-limited: /tmp read-only" });
  });
});
