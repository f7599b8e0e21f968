import { describe, expect, it } from "vitest";
import { describeConnectionError, engineMessage, engineStatus } from "./errors";

// Error objects as dockerode/docker-modem produced them in case docker-connection-errors.
const sysError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("describeConnectionError", () => {
  it.each([
    [
      "ENOENT",
      "connect ENOENT /run/nonexistent-docker.sock",
      "unix:///run/nonexistent-docker.sock",
      /No socket at \/run\/nonexistent-docker.sock/,
    ],
    [
      "EACCES",
      "connect EACCES /var/run/docker.sock",
      "unix:///var/run/docker.sock",
      /Permission denied on \/var\/run\/docker.sock.*docker group/,
    ],
    [
      "ECONNREFUSED",
      "connect ECONNREFUSED 127.0.0.1:1",
      "tcp://127.0.0.1:1",
      /Nothing accepts connections at tcp:\/\/127.0.0.1:1/,
    ],
    ["ECONNRESET", "socket hang up", "unix:///var/run/docker.sock", /did not answer in time/],
  ])("%s", (code, message, endpoint, hint) => {
    const described = describeConnectionError(sysError(code, message), endpoint);
    expect(described?.code).toBe(code);
    expect(described?.message).toBe(message);
    expect(described?.hint).toMatch(hint);
  });

  it("treats an aborted request as a timeout", () => {
    const abort = Object.assign(new Error("The operation was aborted"), { name: "AbortError" });
    expect(describeConnectionError(abort, "unix:///x")?.code).toBe("ETIMEDOUT");
  });

  it("is null for an HTTP answer from the engine", () => {
    const notFound = Object.assign(new Error("(HTTP code 404) no such container - No such container: x"), {
      statusCode: 404,
      json: { message: "No such container: x" },
    });
    expect(describeConnectionError(notFound, "unix:///x")).toBeNull();
    expect(engineStatus(notFound)).toBe(404);
    expect(engineMessage(notFound)).toBe("No such container: x");
  });
});
