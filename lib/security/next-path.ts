/**
 * Where to send a person after signing in: the `next` parameter of `/login`, judged as the browser will read
 * it. No Node.js or Next.js imports: the login page (server) and the login form (browser) both use it.
 */

/**
 * `next` as a same-origin URL path (path, query, fragment), or `"/"`. It is resolved with the WHATWG URL
 * parser the browser uses (`new URL(next, origin)`, which strips tab, CR and LF anywhere, reads `\` as `/`,
 * and so on) and kept only when it names this origin and is a path: the raw value starts with `/`, and the
 * normalised path does not start with `//` or `/\` (which, resolved again, would name another host).
 * `origin` is the page's own, e.g. `http://127.0.0.1:3000`.
 */
export function safeNextPath(next: unknown, origin: string): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return /^\/(?![/\\])/.test(path) ? path : "/";
}
