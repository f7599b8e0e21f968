import { describe, expect, it } from "vitest";
import { readBodyText } from "./body";

/** A request whose body arrives in chunks of `chunk` bytes, `count` times, with no Content-Length. */
function chunked(chunk: number, count: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === count) controller.close();
      else controller.enqueue(new Uint8Array(chunk).fill(0x61));
    },
  });
  return new Request("http://127.0.0.1/api/login", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readBodyText", () => {
  it("reads a body within the limit", async () => {
    const request = new Request("http://127.0.0.1/", { method: "POST", body: '{"token":"é"}' });
    expect(await readBodyText(request, 4096)).toBe('{"token":"é"}');
  });

  it("stops a chunked body at the limit instead of buffering it", async () => {
    await expect(readBodyText(chunked(1024, 1_000_000), 4096)).rejects.toMatchObject({
      code: "payload_too_large",
    });
  });

  it("answers an empty string for no body", async () => {
    expect(await readBodyText(new Request("http://127.0.0.1/", { method: "POST" }), 10)).toBe("");
  });
});
