import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'mob_';

export function generateApiKey(): string {
  return `${PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
