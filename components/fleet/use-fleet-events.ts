"use client";

import { useEffect, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import type { FleetEvent, FleetResponse, FleetStreamStatus } from "@/lib/api-types";
import { fleetKey } from "../api-client";
import { applyFleetEvent } from "./fleet-events-model";

/** What the page shows about the push channel: `live` (changes arrive as they happen) or `reconnecting` (polling). */
export type FleetLiveState = "connecting" | "live" | "reconnecting";

/** Reconnect backoff of the event stream, in ms. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * Follows `GET /api/events` and applies each `fleet` event to both fleet entries of the SWR cache (running-only
 * and all), so the table changes within a second of the engine's event. When the stream drops (or the server
 * says the engine is not live) it reports `reconnecting`, the caller polls (see `useFleet`), and the stream is
 * opened again with a backoff (1 s doubling to 30 s). On every (re)connect the fleet is read once, so nothing
 * missed meanwhile stays missing.
 */
export function useFleetEvents(): FleetLiveState {
  const { mutate } = useSWRConfig();
  const [state, setState] = useState<FleetLiveState>("connecting");
  const mutateRef = useRef(mutate);
  mutateRef.current = mutate;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let delay = RETRY_MIN_MS;
    let closed = false;
    let live = false;
    const revalidate = () => {
      void mutateRef.current(fleetKey(false));
      void mutateRef.current(fleetKey(true));
    };
    const apply = (event: FleetEvent) => {
      for (const includeStopped of [false, true]) {
        void mutateRef.current<FleetResponse>(
          fleetKey(includeStopped),
          (fleet) => (fleet ? applyFleetEvent(fleet, event, includeStopped) : fleet),
          { revalidate: false },
        );
      }
    };
    const open = () => {
      if (closed) return;
      source = new EventSource("/api/events");
      source.addEventListener("status", (message) => {
        const status = parse<FleetStreamStatus>((message as MessageEvent<string>).data);
        if (!status) return;
        delay = RETRY_MIN_MS;
        if (status.state === "live") {
          // Anything that happened while the stream was away is read once.
          if (!live) revalidate();
          live = true;
          setState("live");
        } else {
          if (live) revalidate();
          live = false;
          setState("reconnecting");
        }
      });
      source.addEventListener("fleet", (message) => {
        const event = parse<FleetEvent>((message as MessageEvent<string>).data);
        if (event) apply(event);
      });
      source.onerror = () => {
        live = false;
        source?.close();
        source = null;
        setState("reconnecting");
        if (closed) return;
        retry = setTimeout(open, delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      };
    };
    open();
    return () => {
      closed = true;
      source?.close();
      if (retry) clearTimeout(retry);
    };
  }, []);

  return state;
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}
