/**
 * A socket-like Duplex handed to http.Agent at once, joined to the real stream (an SSH channel) when it opens.
 * http.Agent counts a socket against `maxSockets` only once `createConnection` has returned it, so an
 * asynchronous `createConnection` would let every queued request open its own channel; returning this at once
 * keeps the agent's bound and its reuse of kept-alive sockets.
 */
import { Duplex } from "node:stream";

/** A Duplex that buffers writes until {@link DeferredSocket.attach} gives it the real stream. */
export class DeferredSocket extends Duplex {
  private inner: Duplex | null = null;
  private pending: Array<{ chunk: Buffer; callback: (error?: Error | null) => void }> = [];
  private ended = false;

  /** Joins the real stream: buffered writes go out, its data comes in, its end and errors end this. */
  attach(inner: Duplex): void {
    if (this.destroyed) {
      inner.destroy();
      return;
    }
    this.inner = inner;
    inner.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.once("end", () => this.push(null));
    inner.once("error", (error: Error) => this.destroy(error));
    inner.once("close", () => this.destroy());
    for (const { chunk, callback } of this.pending) inner.write(chunk, callback);
    this.pending = [];
    if (this.ended) inner.end();
  }

  /** Fails the socket (the stream could not be opened). */
  fail(error: Error): void {
    this.destroy(error);
  }

  override _read(): void {
    this.inner?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.inner) this.inner.write(chunk, callback);
    else this.pending.push({ chunk, callback });
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ended = true;
    this.inner?.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    for (const { callback: cb } of this.pending) cb(error ?? new Error("socket closed"));
    this.pending = [];
    callback(error);
  }

  // http.ClientRequest and http.Agent call these on sockets; timeouts are kept by the request and SSH keep-alive.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}
