import useSWR from "swr";
import type { FleetResponse } from "@/lib/api-types";
import { type ApiRequestError, fetchFleet, fleetKey } from "../api-client";
import { REFRESH_MS } from "../refresh";

/**
 * The fleet, re-read every `REFRESH_MS` unless `live` (the event stream of `useFleetEvents` keeps it current).
 * A failed read is retried as often for as long as it fails (SWR's default backs off exponentially, and its
 * interval pauses while the key is in error), so the table comes back by itself when the engine does.
 */
export function useFleet(includeStopped: boolean, live = false) {
  return useSWR<FleetResponse, ApiRequestError>(fleetKey(includeStopped), fetchFleet, {
    // While the event stream is live it brings every change; polling is the fallback when it is not.
    refreshInterval: live ? 0 : REFRESH_MS,
    keepPreviousData: true,
    shouldRetryOnError: true,
    onErrorRetry: (_error, _key, _config, revalidate, options) => {
      setTimeout(() => revalidate(options), REFRESH_MS);
    },
  });
}
