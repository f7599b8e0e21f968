/**
 * Keeping the engine's storage paths out of everything roaudit shows.
 */

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Returns a deep copy of `value` in which every string (object keys too) has the engine's storage root
 * (`DockerRootDir` from `GET /info`, e.g. `/var/lib/docker`) replaced by `<docker-root>`, where it stands as a
 * whole path element: `/var/lib/docker/volumes/x` → `<docker-root>/volumes/x`, but `/var/lib/docker2` stays.
 * `root` `null`, empty or `/` leaves the value as it is.
 */
export function redactEngineRoot<T>(value: T, root: string | null): T {
  const clean = root?.replace(/\/+$/, "") ?? "";
  if (clean === "") return value;
  const pattern = new RegExp(`${escapeRegExp(clean)}(?=/|$|[\\s)"',;:])`, "g");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(pattern, "<docker-root>");
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
