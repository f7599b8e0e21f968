/**
 * Human-readable sizes for messages.
 */

/** `67108864` → `"64 MiB"`; `"50%"` → `"50% of RAM"`; `null` → `"unbounded"`. */
export function formatSize(size: number | string | null): string {
  if (size === null) return "unbounded";
  if (typeof size === "string") return `${size} of RAM`;
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit += 1;
  }
  return `${value} ${units[unit]}`;
}
