import type { FleetViewState } from "./fleet-url";
import { reportHref, reportScope } from "./report-scope";

export interface ReportDownloadsProps {
  /** The view the page shows: the report holds the same rows, in the same order. */
  view: FleetViewState;
  /** How many containers the view shows; `null` while the fleet has not been read. */
  shown: number | null;
  /** The engine cannot be reached: nothing to download. */
  disabled: boolean;
}

const LINK =
  "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 aria-disabled:cursor-not-allowed";

function DownloadIcon() {
  return (
    <svg className="size-4" viewBox="0 0 16 16" fill="none" aria-hidden="true">
      <path
        d="M8 2.5v7m0 0L5 6.5m3 3 3-3M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * The report of what the page shows, in both shapes side by side — the summary (one row per container) and
 * the findings (one row per failing or waived check) — and what they will hold ("8 containers, filtered: grade F").
 */
export function ReportDownloads({ view, shown, disabled }: ReportDownloadsProps) {
  const reason = disabled
    ? "The report needs the Docker engine, which cannot be reached right now."
    : undefined;
  return (
    <div data-testid="report-downloads" className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <a
        // The report is read from the engine: while it cannot be reached there is nothing to download.
        href={disabled ? undefined : reportHref(view, "summary")}
        download={disabled ? undefined : true}
        aria-disabled={disabled || undefined}
        aria-describedby="report-scope"
        title={reason ?? "One row per container: grade, score, state, Compose, each check, the live check"}
        data-testid="download-summary"
        className={`${LINK} bg-slate-900 text-white hover:bg-slate-700 aria-disabled:bg-slate-400`}
      >
        <DownloadIcon />
        Download CSV
      </a>
      <a
        href={disabled ? undefined : reportHref(view, "findings")}
        download={disabled ? undefined : true}
        aria-disabled={disabled || undefined}
        aria-describedby="report-scope"
        title={
          reason ?? "One row per failing or waived check: severity, CIS id, message, fix, waiver, verdict"
        }
        data-testid="download-findings"
        className={`${LINK} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 aria-disabled:text-slate-400`}
      >
        <DownloadIcon />
        Download findings CSV
      </a>
      {shown !== null && (
        <span
          id="report-scope"
          data-testid="report-scope"
          className="basis-full text-right text-xs text-slate-600"
        >
          Exports {reportScope(view, shown)}
        </span>
      )}
    </div>
  );
}
