import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const VERSION = 'v1';

export interface SecretKey {
  id: string;
  key: Buffer;
}

/**
 * Seals secrets with AES-256-GCM: a fresh nonce per value, the key id stored with the value
 * (and authenticated with it). The first key seals; every listed key opens, so keys rotate
 * without downtime: add the new key first, re-seal (`npm run keys:rotate`), then drop the old.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly ordered: SecretKey[]) {
    if (ordered.length === 0) throw new Error('SecretBox needs at least one key');
    for (const { id, key } of ordered) {
      if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`key id ${id} must be [A-Za-z0-9_-]`);
    }
    this.keys = new Map(ordered.map(({ id, key }) => [id, key]));
  }

  get currentKeyId(): string {
    return this.ordered[0].id;
  }

  seal(plaintext: string): string {
    const { id, key } = this.ordered[0];
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, nonce);
    cipher.setAAD(Buffer.from(`${VERSION}.${id}`));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);

    return [VERSION, id, nonce, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, id, nonce, tag, data] = sealed.split('.');
    if (version !== VERSION || data === undefined) throw new Error('not a sealed value');
    const key = this.keys.get(id);
    if (!key) throw new Error(`sealed with unknown key ${id}`);
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));

    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /**
   * Signs a value with a key derived from the current key (HMAC-SHA256): `keyId.signature`.
   * The derived key differs per `purpose`, and from the key that seals.
   */
  sign(value: string, purpose: string): string {
    const { id, key } = this.ordered[0];

    return `${id}.${this.mac(key, purpose, value)}`;
  }

  /** Checks a signature made by `sign` with any configured key, in constant time. */
  verify(value: string, signature: string, purpose: string): boolean {
    const [id, mac] = signature.split('.');
    const key = this.keys.get(id ?? '');
    if (!key || !mac) return false;
    const expected = Buffer.from(this.mac(key, purpose, value));
    const given = Buffer.from(mac);

    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(key: Buffer, purpose: string, value: string): string {
    const derived = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `mobly:${purpose}`, 32));

    return createHmac('sha256', derived).update(value).digest('base64url');
  }

  /** True when the value was sealed with a key other than the current one. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentKeyId;
  }
}

/** Parses `id:base64key,id2:base64key` (current key first). */
export function parseSecretKeys(value: string): SecretKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded] = entry.split(':');
      if (!id || !encoded) throw new Error('CREDENTIALS_KEYS entries look like id:base64key');

      return { id, key: Buffer.from(encoded, 'base64') };
    });
}
