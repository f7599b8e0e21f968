import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { writableBindMount } from "./writable-bind-mount";

describe("writable-bind-mount", () => {
  it.each([
    ["hardened", "pass", "1 bind mount is read-only"],
    ["etc-localtime-ro", "pass", "1 bind mount is read-only"],
    ["writable-default", "pass", "no bind mounts"],
    ["named-volume-ro", "pass", "no bind mounts"],
    ["sensitive-etc-rw", "fail", "writable bind mounts: /host-etc ← /etc"],
    ["volumes-from", "fail", "writable bind mounts: /shared ← /srv/hostdata/shared"],
  ])("%s → %s", (name, status, message) => {
    const outcome = writableBindMount.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("reads Mounts[].RW, not the Binds or Mode spelling (case bind-ro-syntax-forms)", () => {
    const outcome = writableBindMount.evaluate(caseSnapshot("bind-ro-syntax-forms", "case-bind-forms"));
    expect(outcome.message).toBe(
      "writable bind mounts: /b-explicit-rw ← /srv/hostdata/hostdir, /b-rw ← /srv/hostdata/hostdir, /m-rw ← /srv/hostdata/hostdir",
    );
    expect(outcome.evidence.Mounts).toEqual({
      "/b-explicit-rw": "/srv/hostdata/hostdir (rw)",
      "/b-ro": "/srv/hostdata/hostdir (ro)",
      "/b-ro-z": "/srv/hostdata/hostdir (ro)",
      "/b-rw": "/srv/hostdata/hostdir (rw)",
      "/b-z-ro": "/srv/hostdata/hostdir (ro)",
      "/m-readonly": "/srv/hostdata/hostdir (ro)",
      "/m-ro-true": "/srv/hostdata/hostdir (ro)",
      "/m-rw": "/srv/hostdata/hostdir (rw)",
    });
  });

  it("sees a --mount bind whose path has a colon and a comma (case csv-export-injection-and-quoting)", () => {
    expect(
      writableBindMount.evaluate(caseSnapshot("csv-export-injection-and-quoting", "case-odd-path")).message,
    ).toBe("writable bind mounts: /data ← /srv/hostdata/odd:dir,with comma");
  });
});
