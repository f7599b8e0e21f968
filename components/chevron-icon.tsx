export interface ChevronIconProps {
  /** Turned a quarter down when what it toggles is open. */
  open: boolean;
  /** Size and colour classes. */
  className?: string;
}

/** The disclosure chevron of expandable rows and groups (decorative: the button carries the label). */
export function ChevronIcon({ open, className = "" }: ChevronIconProps) {
  return (
    <svg
      className={`${className} transition-transform ${open ? "rotate-90" : ""}`}
      viewBox="0 0 16 16"
      fill="none"
      aria-hidden="true"
    >
      <path
        d="m6 4 4 4-4 4"
        stroke="currentColor"
        strokeWidth="1.75"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
