import { useCallback, useState } from "react";
import { useSWRConfig } from "swr";
import type { FleetResponse, Verification } from "@/lib/api-types";
import { ApiError, isFleetKey, postVerify } from "./api-client";
import { withVerification } from "./fleet-model";

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

  const verify = useCallback(
    async (id: string) => {
      setState(id, { phase: "running" });
      try {
        const verification = await postVerify(id);
        setState(id, { phase: "done", verification });
        await mutate(
          isFleetKey,
          (fleet?: FleetResponse) => (fleet ? withVerification(fleet, id, verification) : fleet),
          { revalidate: false },
        );
      } catch (error) {
        const apiError = error instanceof ApiError ? error : null;
        setState(id, {
          phase: "error",
          message: apiError?.message ?? "The check could not be run.",
          code: apiError?.code ?? null,
        });
        // A 409 or 404 means our view of the container is stale: re-read the fleet now.
        if (apiError && (apiError.status === 404 || apiError.status === 409)) void mutate(isFleetKey);
      }
    },
    [mutate, setState],
  );

  return { states, verify };
}
