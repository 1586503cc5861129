import { createHash } from 'node:crypto';
import type { Settings } from '@libs/connector-sdk';
import { DomainError } from '@libs/core';

/** The entity tag of a connection's settings: it changes whenever any setting does. */
export function settingsTag(settings: Settings): string {
  const sorted = Object.keys(settings)
    .sort()
    .map((name) => [name, settings[name]]);
  const digest = createHash('sha256').update(JSON.stringify(sorted)).digest('hex');

  return `"${digest.slice(0, 20)}"`;
}

/** The tag an If-Match header names, quoted; undefined when absent. */
export function ifMatchTag(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?([0-9a-f]{1,64})"?\s*$/.exec(header);
  if (!match) {
    throw DomainError.invalid([
      { field: 'If-Match', message: "must be the ETag of the connection's settings as read" },
    ]);
  }

  return `"${match[1]}"`;
}
