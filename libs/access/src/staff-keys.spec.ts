import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashKey, STAFF_KEY_PREFIX } from './api-key';
import { loadStaffKeys } from './staff-keys';

describe('loadStaffKeys', () => {
  it('takes the configured digests and touches no file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'staff-')), 'staff.key');
    const keys = loadStaffKeys(['d'.repeat(64)], file);

    expect([...keys.hashes]).toEqual(['d'.repeat(64)]);
    expect(keys.file).toBeUndefined();
    expect(() => statSync(file)).toThrow();
  });

  it('creates a private local key on first use and reads the same key after', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'staff-')), 'nested', 'staff.key');
    const first = loadStaffKeys([], file);
    const second = loadStaffKeys([], file);
    const key = readFileSync(file, 'utf8').trim();

    expect(key.startsWith(STAFF_KEY_PREFIX)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect([...second.hashes]).toEqual([hashKey(key)]);
  });
});
