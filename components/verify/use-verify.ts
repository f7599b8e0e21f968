import { useCallback, useState } from "react";
import { useSWRConfig } from "swr";
import type { FleetResponse, Verification } from "@/lib/api-types";
import { ApiRequestError, isFleetKey, postVerify } from "../api-client";
import { withVerification } from "../fleet/fleet-model";

/** Per-container state of the live probe; absent while idle. */
export type VerifyState =
  | { phase: "running" }
  | { phase: "done"; verification: Verification }
  | { phase: "error"; message: string; code: string | null };

/**
 * Runs the live probe and writes its result into every cached fleet response, so it sticks across refreshes
 * (the server keeps it too). Kept above the table so sorting or filtering does not lose a row's state.
 */
export function useVerify() {
  const { mutate } = useSWRConfig();
  const [states, setStates] = useState<Readonly<Record<string, VerifyState>>>({});

  const setState = useCallback((id: string, state: VerifyState) => {
    setStates((previous) => ({ ...previous, [id]: state }));
  }, []);

  const clearState = useCallback((id: string) => {
    setStates((previous) => {
      const { [id]: _dropped, ...rest } = previous;
      return rest;
    });
  }, []);

  /**
   * Verifies one container and returns the state it ended in, or `null` when `signal` cancelled it (the row
   * then goes back to what it showed before).
   */
  const verify = useCallback(
    async (id: string, signal?: AbortSignal): Promise<VerifyState | null> => {
      setState(id, { phase: "running" });
      try {
        const verification = await postVerify(id, signal);
        const done: VerifyState = { phase: "done", verification };
        setState(id, done);
        await mutate(
          isFleetKey,
          (fleet?: FleetResponse) => (fleet ? withVerification(fleet, id, verification) : fleet),
          { revalidate: false },
        );
        return done;
      } catch (error) {
        if (signal?.aborted) {
          clearState(id);
          return null;
        }
        const apiError = error instanceof ApiRequestError ? error : null;
        const failed: VerifyState = {
          phase: "error",
          message: apiError?.message ?? "The check could not be run.",
          code: apiError?.code ?? null,
        };
        setState(id, failed);
        // A 409 or 404 means our view of the container is stale: re-read the fleet now.
        if (apiError && (apiError.status === 404 || apiError.status === 409)) void mutate(isFleetKey);
        return failed;
      }
    },
    [mutate, setState, clearState],
  );

  return { states, verify };
}
