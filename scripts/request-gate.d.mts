// Types of request-gate.mjs (plain JavaScript: scripts/start.mjs runs under Node.js without a build).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** What to answer instead of handing the request on: HTTP status, the envelope's code and message. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export const SECURITY_HEADERS: Readonly<Record<string, string>>;
export const METHODS: readonly string[];
export const METHOD_NOT_ALLOWED: Refusal;
export const MAX_LOGIN_BODY: number;
export const DRAIN_MS: number;
export function gateRequest(req: {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}): Refusal | null;
export function refusalResponse(refusal: Refusal): { body: string; headers: Record<string, string | number> };
export function rawResponse(refusal: Refusal, reason: string): string;
export function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void;
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void;
