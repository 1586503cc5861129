import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseSecretKeys, type SecretKey } from './secret-box';

/**
 * The keys that seal stored credentials: `CREDENTIALS_KEYS` when set (production), otherwise a
 * key kept in a local, git-ignored file that is created on first use (the embedded default).
 */
export function loadSecretKeys(configured: string | undefined, keyFile: string): SecretKey[] {
  if (configured) return parseSecretKeys(configured);
  const path = resolve(keyFile);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);

  return parseSecretKeys(readFileSync(path, 'utf8'));
}
