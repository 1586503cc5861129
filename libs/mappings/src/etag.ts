import type { Response } from 'express';
import { DomainError } from '@libs/core';

/** A row's version as an entity tag. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', etagOf(version));
}

/** The version an If-Match header names (`"3"`, `W/"3"` or `3`); undefined when absent. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw DomainError.invalid([{ field: 'If-Match', message: 'must be a row ETag such as "3"' }]);
  }

  return Number(match[1]);
}
