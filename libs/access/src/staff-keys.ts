import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateKey, hashKey, STAFF_KEY_PREFIX } from './api-key';

export interface StaffKeys {
  /** SHA-256 digests of the keys that authenticate Mobly staff. */
  hashes: Set<string>;
  /** The local key file, when the keys come from it rather than STAFF_API_KEYS. */
  file?: string;
  /** Whether the local key file was created by this call. */
  created: boolean;
}

/**
 * Staff keys: the digests in STAFF_API_KEYS when set (production), otherwise one key kept in a
 * local, git-ignored file that is created on first use, so the embedded default works at once.
 */
export function loadStaffKeys(configured: string[], keyFile: string): StaffKeys {
  if (configured.length > 0) return { hashes: new Set(configured), created: false };
  const path = resolve(keyFile);
  const created = !existsSync(path);
  if (created) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${generateKey(STAFF_KEY_PREFIX)}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);

  return { hashes: new Set([hashKey(readFileSync(path, 'utf8').trim())]), file: path, created };
}
