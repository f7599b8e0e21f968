import { type ReactNode, useId } from "react";

export interface HintProps {
  /** The reason or explanation, shown on hover, on keyboard focus and on a tap (line breaks kept). */
  hint: string;
  children: ReactNode;
  /** Extra classes for the focusable element that holds `children`. */
  className?: string;
  /** Which edge of the trigger the tip lines up with, so a tip at the right of the page does not run off it. */
  align?: "start" | "end";
  testId?: string;
}

/**
 * A reason that a `title` would give to mouse users only: the content becomes a focusable button, described by a
 * tooltip that shows on hover, on focus (keyboard) and on a tap (touch focuses the button).
 */
export function Hint({ hint, children, className = "", align = "start", testId }: HintProps) {
  const id = useId();
  return (
    <span className="group/hint relative inline-flex max-w-full">
      <button
        type="button"
        aria-describedby={id}
        data-testid={testId}
        className={`inline-flex min-h-6 max-w-full min-w-6 cursor-help items-center justify-center rounded-md text-left focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${className}`}
      >
        {children}
      </button>
      <span
        role="tooltip"
        id={id}
        className={`absolute top-full z-30 mt-1 hidden w-max max-w-[min(18rem,80vw)] rounded-md bg-slate-900 px-2 py-1 text-xs font-normal whitespace-pre-line break-words text-white shadow-lg group-focus-within/hint:block group-hover/hint:block ${align === "end" ? "right-0" : "left-0"}`}
      >
        {hint}
      </span>
    </span>
  );
}
