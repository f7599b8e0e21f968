import { describe, expect, it } from "vitest";
import { redactEngineRoot } from "./redact";

describe("redactEngineRoot", () => {
  it("replaces the root as a whole path element, in values and keys", () => {
    expect(
      redactEngineRoot(
        {
          message: "host system folders mounted: /var/lib/docker (writable)",
          evidence: { Mounts: { "/data": "/var/lib/docker/volumes/x/_data (rw)", "/var/lib/docker": "k" } },
          list: ["/var/lib/docker2/x", "/srv/var/lib/docker-ish"],
        },
        "/var/lib/docker",
      ),
    ).toEqual({
      message: "host system folders mounted: <docker-root> (writable)",
      evidence: { Mounts: { "/data": "<docker-root>/volumes/x/_data (rw)", "<docker-root>": "k" } },
      list: ["/var/lib/docker2/x", "/srv/var/lib/docker-ish"],
    });
  });

  it("handles a root with a trailing slash and characters special in regular expressions", () => {
    expect(redactEngineRoot("/data/docker+1/overlay2", "/data/docker+1/")).toBe("<docker-root>/overlay2");
  });

  it.each([null, "", "/"])("leaves values alone for root %j", (root) => {
    expect(redactEngineRoot({ a: "/var/lib/docker/x" }, root)).toEqual({ a: "/var/lib/docker/x" });
  });
});
