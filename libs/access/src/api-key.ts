import { createHash, randomBytes } from 'node:crypto';

/** Org API keys read `mob_…`; Mobly staff keys read `mobstaff_…`. */
export const ORG_KEY_PREFIX = 'mob_';
export const STAFF_KEY_PREFIX = 'mobstaff_';

export function generateKey(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

/** Keys are stored and configured only as this digest. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
