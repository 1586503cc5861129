import { randomUUID } from 'node:crypto';

import type { Request, Response } from 'express';

/** HubSpot's own header value; the generated client picks its parser from it. */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** A CRM error body: `{"status":"error","message","correlationId","category",…}`. */
export interface HubSpotErrorBody {
  status: string;
  message: string;
  correlationId: string;
  category?: string;
  errors?: Array<{
    message: string;
    code?: string;
    in?: string;
    context?: Record<string, string[]>;
  }>;
  context?: Record<string, string[]>;
  [extra: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sends a JSON body with the exact content type HubSpot uses (Express would rewrite it). */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.send(Buffer.from(JSON.stringify(body), 'utf8'));
}

export function errorBody(
  category: string | undefined,
  message: string,
  extra: Partial<HubSpotErrorBody> = {},
): HubSpotErrorBody {
  const body: HubSpotErrorBody = { status: 'error', message, correlationId: randomUUID() };
  if (category !== undefined) body.category = category;

  return { ...body, ...extra };
}

export function sendError(
  res: Response,
  status: number,
  category: string | undefined,
  message: string,
  extra: Partial<HubSpotErrorBody> = {},
): void {
  sendJson(res, status, errorBody(category, message, extra));
}

export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');

  return match ? match[1] : undefined;
}

/** The sandbox's own base URL as the client reached it. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
