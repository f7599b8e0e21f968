import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { hostNamespaces } from "./host-namespaces";

describe("host-namespaces", () => {
  it.each([
    ["host-pid-ipc-uts", "fail", "shares the host's PID, IPC, UTS namespaces"],
    ["hardened", "pass", "no host namespaces"],
  ])("%s → %s", (name, status, message) => {
    const outcome = hostNamespaces.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("fails host network and host user namespaces", () => {
    const s = fixtureSnapshot("hardened");
    const outcome = hostNamespaces.evaluate({
      ...s,
      namespaces: { ...s.namespaces, network: "host", userns: "host" },
    });
    expect(outcome.message).toBe("shares the host's network, user namespaces");
  });

  it("does not mistake container:<id> sharing for host", () => {
    const s = fixtureSnapshot("hardened");
    expect(
      hostNamespaces.evaluate({ ...s, namespaces: { ...s.namespaces, network: "container:abc" } }).status,
    ).toBe("pass");
  });
});
