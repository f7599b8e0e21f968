import { ApiError } from "./errors";

/**
 * The request body as UTF-8 text, read only up to `maxBytes`: a longer body (whatever its `Content-Length`
 * says, or with none, chunked) stops the read and throws `ApiError("payload_too_large")`, so a client cannot
 * make the server buffer more than that.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError("payload_too_large", "The request body is too large.");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
