import type { ReactNode } from "react";

export interface ScrollRegionProps {
  /** What the box holds, e.g. "Mounts": read out when the box takes focus. */
  label: string;
  className?: string;
  children: ReactNode;
}

/**
 * A box that scrolls sideways when its content (a wide table) is wider than the screen: focusable and named,
 * so the keyboard can scroll it (arrow keys), and `relative`, so its screen-reader-only text stays inside it
 * instead of widening the page.
 */
export function ScrollRegion({ label, className = "", children }: ScrollRegionProps) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
      tabIndex={0}
      className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${className}`}
    >
      {children}
    </section>
  );
}
