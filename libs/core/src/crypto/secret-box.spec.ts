import { randomBytes } from 'node:crypto';
import { parseSecretKeys, SecretBox } from './secret-box';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretBox', () => {
  it('opens what it sealed, with a fresh nonce each time', () => {
    const box = new SecretBox([key('k1')]);
    const first = box.seal('refresh-token-123');
    const second = box.seal('refresh-token-123');

    expect(first).not.toBe(second);
    expect(first).not.toContain('refresh-token-123');
    expect(box.open(first)).toBe('refresh-token-123');
    expect(box.open(second)).toBe('refresh-token-123');
  });

  it('refuses a tampered value', () => {
    const box = new SecretBox([key('k1')]);
    const parts = box.seal('secret').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');

    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('opens values sealed under an older key and reports them stale', () => {
    const old = key('old');
    const sealed = new SecretBox([old]).seal('secret');
    const rotated = new SecretBox([key('new'), old]);

    expect(rotated.open(sealed)).toBe('secret');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal('secret'))).toBe(false);
  });

  it('cannot open a value whose key was dropped', () => {
    const sealed = new SecretBox([key('old')]).seal('secret');

    expect(() => new SecretBox([key('new')]).open(sealed)).toThrow('unknown key old');
  });

  describe('sign', () => {
    it('verifies its own signature, per purpose, and refuses a changed value', () => {
      const box = new SecretBox([key('k1')]);
      const signature = box.sign('state-id', 'oauth-state');

      expect(box.verify('state-id', signature, 'oauth-state')).toBe(true);
      expect(box.verify('state-id', signature, 'other')).toBe(false);
      expect(box.verify('state-id2', signature, 'oauth-state')).toBe(false);
      expect(box.verify('state-id', `${signature}x`, 'oauth-state')).toBe(false);
      expect(box.verify('state-id', 'k1', 'oauth-state')).toBe(false);
    });

    it('accepts a signature of an older key, not one of an unknown key', () => {
      const old = key('old');
      const signature = new SecretBox([old]).sign('value', 'p');

      expect(new SecretBox([key('new'), old]).verify('value', signature, 'p')).toBe(true);
      expect(new SecretBox([key('new')]).verify('value', signature, 'p')).toBe(false);
    });
  });

  it('parses the configured key list, current key first', () => {
    const encoded = randomBytes(32).toString('base64');
    const keys = parseSecretKeys(`b:${encoded}, a:${encoded}`);

    expect(keys.map((entry) => entry.id)).toEqual(['b', 'a']);
    expect(keys[0].key).toHaveLength(32);
  });
});
