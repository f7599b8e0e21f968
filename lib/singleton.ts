/**
 * Process-wide state shared by every route. Next.js may bundle each route handler with its own copy of a
 * module (and dev reloads modules), so state that must be seen by all routes (and the proxy) lives on
 * `globalThis`. No `server-only` marker: the proxy uses it too.
 */

const registry = globalThis as unknown as { __roaudit?: Map<string, unknown> };

/** The value stored under `key`, created by `create()` on first use. */
export function processSingleton<T>(key: string, create: () => T): T {
  if (!registry.__roaudit) registry.__roaudit = new Map();
  const map = registry.__roaudit;
  if (!map.has(key)) map.set(key, create());
  return map.get(key) as T;
}
