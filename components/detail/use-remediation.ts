import useSWR from "swr";
import type { RemediationResponse } from "@/lib/api-types";
import { type ApiRequestError, fetchRemediation, remediationKey } from "../api-client";

/**
 * The container's remediation (`GET /api/containers/{id}/remediation`), read once and shared by every user on
 * the page (one SWR key): the Remediation block and the per-check fixes show the same plan.
 */
export function useRemediation(containerId: string) {
  return useSWR<RemediationResponse, ApiRequestError>(remediationKey(containerId), fetchRemediation, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
}
