import type { ReactNode } from "react";
import type { FleetResponse } from "@/lib/api-types";
import { formatTimestamp } from "../format-time";
import { Spinner } from "../spinner";
import { LiveIndicator } from "./live-indicator";
import type { FleetLiveState } from "./use-fleet-events";

export interface FleetHeaderProps {
  data: FleetResponse | undefined;
  /** The engine this server audits, e.g. `unix:///var/run/docker.sock`. */
  engineEndpoint: string;
  isValidating: boolean;
  /** Whether changes arrive over the event stream or by polling. */
  live: FleetLiveState;
  includeStopped: boolean;
  onIncludeStopped: (checked: boolean) => void;
  /** The report's download links (`ReportDownloads`). */
  downloads: ReactNode;
}

/** The page's heading: when the fleet was read and from which engine, the stopped-containers switch, the report downloads. */
export function FleetHeader({
  data,
  engineEndpoint,
  isValidating,
  live,
  includeStopped,
  onIncludeStopped,
  downloads,
}: FleetHeaderProps) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
      <div className="min-w-0">
        <h2 id="fleet-heading" className="text-lg font-semibold text-slate-900">
          Containers
        </h2>
        <p
          data-testid="last-updated"
          className="mt-0.5 flex min-h-5 flex-wrap items-center gap-x-2 gap-y-0.5 text-sm text-slate-600"
        >
          {data ? (
            <span>
              Last updated{" "}
              <time dateTime={data.generatedAt} className="font-medium text-slate-700 tabular-nums">
                {formatTimestamp(data.generatedAt)}
              </time>
            </span>
          ) : (
            <span>Waiting for the Docker engine…</span>
          )}
          <LiveIndicator state={live} />
          <span
            data-testid="engine-endpoint"
            className="min-w-0 break-all text-slate-600"
            title="The Docker engine audited here"
          >
            · Engine <code className="font-mono text-slate-700">{engineEndpoint}</code>
          </span>
          <span
            data-testid="refresh-spinner"
            data-active={isValidating}
            title={isValidating ? "Refreshing…" : undefined}
            className={`text-sky-600 transition-opacity ${isValidating ? "opacity-100" : "opacity-0"}`}
          >
            <Spinner className="size-3.5" />
          </span>
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700 select-none">
          <input
            type="checkbox"
            checked={includeStopped}
            onChange={(event) => onIncludeStopped(event.target.checked)}
            className="size-4 cursor-pointer rounded border-slate-300 accent-slate-800"
          />
          Include stopped and created containers
        </label>
        {downloads}
      </div>
    </div>
  );
}
