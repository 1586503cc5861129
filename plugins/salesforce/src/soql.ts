const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Quotes a value as a SOQL string literal, escaping backslashes, quotes and line breaks. */
export function soqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');

  return `'${escaped}'`;
}

/** True for names that can be placed in SOQL as an object or field name without quoting. */
export function isSoqlIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}
