const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** Appends the three-character case-safe suffix Salesforce adds to a 15-character id. */
export function toId18(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      const char = id15.charAt(block * 5 + position);
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += CHECKSUM_ALPHABET.charAt(bits);
  }

  return id15 + suffix;
}

/** Returns the 18-character form of a 15- or 18-character id, or undefined when malformed. */
export function normaliseId(value: string): string | undefined {
  if (!ID_PATTERN.test(value)) return undefined;
  const id18 = toId18(value.slice(0, 15));
  if (value.length === 18 && value.slice(15).toUpperCase() !== id18.slice(15)) return undefined;

  return id18;
}

/** Deterministic record id: key prefix, a fixed pod marker and a base-62 sequence number. */
export function recordId(keyPrefix: string, sequence: number): string {
  let encoded = '';
  let rest = sequence;
  do {
    encoded = BASE62.charAt(rest % 62) + encoded;
    rest = Math.floor(rest / 62);
  } while (rest > 0);

  return toId18(`${keyPrefix}5g000${encoded.padStart(7, '0')}`);
}
