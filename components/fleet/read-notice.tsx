import type { ContainerRead } from "@/lib/api-types";
import { formatTimestamp } from "../format-time";

/** The sentence for a row the engine did not answer for; `null` when the row is current. */
export function readSentence(read: ContainerRead): string | null {
  if (read.status === "current") return null;
  const since = `The engine did not answer for this container since ${formatTimestamp(read.since)}`;
  return read.status === "stale"
    ? `${since}; the audit shown was read at ${formatTimestamp(read.readAt)} and may be out of date.`
    : `${since}; it has not been read, so its grade is unknown.`;
}

export interface ReadPillProps {
  read: ContainerRead;
}

/** Beside a row's name: that the engine did not answer for it (stale or unreadable), with the sentence as title. */
export function ReadPill({ read }: ReadPillProps) {
  const sentence = readSentence(read);
  if (sentence === null) return null;
  return (
    <span
      data-testid="read-state"
      data-read={read.status}
      title={sentence}
      className="inline-block cursor-help whitespace-nowrap rounded-full bg-amber-50 px-1.5 py-px text-[11px] font-medium text-amber-800 ring-1 ring-amber-300 ring-inset"
    >
      {read.status === "stale" ? "stale: no answer" : "no answer"}
      <span className="sr-only">: {sentence}</span>
    </span>
  );
}

/** At the top of an expanded row that the engine did not answer for: the sentence, in full. */
export function ReadNotice({ read }: ReadPillProps) {
  const sentence = readSentence(read);
  if (sentence === null) return null;
  return (
    <p
      data-testid="read-notice"
      className="mx-4 mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      {sentence}
    </p>
  );
}
