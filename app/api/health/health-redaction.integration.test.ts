import { afterAll, describe, expect, it } from "vitest";
import { GET } from "./route";

const CANARY = "CANARYq9z";
const saved = process.env.DOCKER_HOST;

afterAll(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

// Nothing listens on port 1 of the loopback: each engine is unreachable, so the answer carries the error
// message and hint as well as the endpoint — none may repeat the credential.
describe("GET /api/health with credentials in DOCKER_HOST", () => {
  it.each([
    `ssh://admin:s3cr/${CANARY}@127.0.0.1:1`,
    `admin:${CANARY}@127.0.0.1:1`,
    `tcp://u:p@ss${CANARY}@127.0.0.1:1`,
    `tcp://${CANARY}:x/y@z@127.0.0.1:1`,
    `http://u:${CANARY}@127.0.0.1:1`,
  ])("DOCKER_HOST=%s: the answer never holds the password", async (host) => {
    process.env.DOCKER_HOST = host;
    const response = await GET(new Request("http://127.0.0.1/api/health"));
    const text = await response.text();
    expect(response.status).toBe(200);
    const body = JSON.parse(text) as { engine: { reachable: boolean; endpoint: string } };
    expect(body.engine.reachable).toBe(false);
    expect(body.engine.endpoint).toMatch(/^[a-z]+:\/\/127\.0\.0\.1:1$/);
    expect(text).not.toContain(CANARY);
  });
});
