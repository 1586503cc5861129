import { normaliseId } from './ids';
import type { FieldValue, SalesforceRecord } from './records';
import {
  resolveSObjectType,
  type DescribeField,
  type SchemaRegistry,
  type SObjectType,
} from './schema';

/**
 * The SOQL subset the sandbox answers: `SELECT f1, f2 FROM T [WHERE …] [ORDER BY …] [LIMIT n]
 * [OFFSET n]`, where conditions combine `=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`, `[NOT] IN (…)` and
 * `LIKE` with AND, OR, NOT and parentheses. Relationship paths, functions and date literals are
 * not supported and answer MALFORMED_QUERY or INVALID_FIELD like an org would for bad syntax.
 */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
    this.name = 'SoqlError';
  }
}

type Literal =
  | { kind: 'string'; value: string; pattern: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: DescribeField; operator: ComparisonOperator; literal: Literal }
  | { kind: 'in'; field: DescribeField; negated: boolean; literals: Literal[] }
  | { kind: 'like'; field: DescribeField; literal: Extract<Literal, { kind: 'string' }> };

type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

const OPERATORS = new Map<string, ComparisonOperator>([
  ['=', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);

interface OrderBy {
  field: DescribeField;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  type: SObjectType;
  fields: DescribeField[];
  where?: Condition;
  orderBy: OrderBy[];
  limit?: number;
  offset?: number;
}

type Token =
  | { kind: 'word'; text: string; column: number }
  | { kind: 'string'; text: string; column: number; value: string; pattern: string }
  | { kind: 'number'; text: string; column: number; value: number }
  | { kind: 'symbol'; text: string; column: number }
  | { kind: 'end'; text: '<EOF>'; column: number };

const SYMBOLS = ['!=', '<>', '<=', '>=', '=', '<', '>', ',', '(', ')'];
const ESCAPES: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};
const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'order',
  'by',
  'limit',
  'offset',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'true',
  'false',
  'null',
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(
    private readonly soql: string,
    private readonly schema: SchemaRegistry,
  ) {
    this.tokens = this.tokenize();
  }

  parse(): SoqlQuery {
    this.expectKeyword('select');
    const fieldTokens: Token[] = [this.expectWord()];
    while (this.acceptSymbol(',')) fieldTokens.push(this.expectWord());
    this.expectKeyword('from');

    const typeToken = this.expectWord();
    const type = resolveSObjectType(typeToken.text);
    if (!type) {
      throw this.error(
        'INVALID_TYPE',
        typeToken,
        `sObject type '${typeToken.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }

    const query: SoqlQuery = {
      type,
      fields: fieldTokens.map((token) => this.resolveField(type, token)),
      orderBy: [],
    };
    if (this.acceptKeyword('where')) query.where = this.parseOr(type);
    if (this.acceptKeyword('order')) {
      this.expectKeyword('by');
      do {
        query.orderBy.push(this.parseOrderBy(type));
      } while (this.acceptSymbol(','));
    }
    if (this.acceptKeyword('limit')) query.limit = this.expectCount();
    if (this.acceptKeyword('offset')) query.offset = this.expectCount();

    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);

    return query;
  }

  private parseOrderBy(type: SObjectType): OrderBy {
    const field = this.resolveField(type, this.expectWord());
    let descending = false;
    if (this.acceptKeyword('desc')) descending = true;
    else this.acceptKeyword('asc');
    let nullsLast = descending;
    if (this.acceptKeyword('nulls')) {
      if (this.acceptKeyword('last')) nullsLast = true;
      else {
        this.expectKeyword('first');
        nullsLast = false;
      }
    }

    return { field, descending, nullsLast };
  }

  private parseOr(type: SObjectType): Condition {
    let left = this.parseAnd(type);
    while (this.acceptKeyword('or')) left = { kind: 'or', left, right: this.parseAnd(type) };

    return left;
  }

  private parseAnd(type: SObjectType): Condition {
    let left = this.parseUnary(type);
    while (this.acceptKeyword('and')) left = { kind: 'and', left, right: this.parseUnary(type) };

    return left;
  }

  private parseUnary(type: SObjectType): Condition {
    if (this.acceptKeyword('not')) return { kind: 'not', operand: this.parseUnary(type) };
    if (this.acceptSymbol('(')) {
      const inner = this.parseOr(type);
      this.expectSymbol(')');

      return inner;
    }

    return this.parsePredicate(type);
  }

  private parsePredicate(type: SObjectType): Condition {
    const fieldToken = this.expectWord();
    const field = this.resolveField(type, fieldToken);

    const negated = this.acceptKeyword('not');
    if (this.acceptKeyword('in')) {
      this.expectSymbol('(');
      const literals = [this.parseLiteral(field)];
      while (this.acceptSymbol(',')) literals.push(this.parseLiteral(field));
      this.expectSymbol(')');

      return { kind: 'in', field, negated, literals };
    }
    if (negated) throw this.unexpected(this.peek());

    if (this.acceptKeyword('like')) {
      const token = this.next();
      if (token.kind !== 'string') throw this.unexpected(token);

      return {
        kind: 'like',
        field,
        literal: { kind: 'string', value: token.value, pattern: token.pattern },
      };
    }

    const operatorToken = this.next();
    const operator =
      operatorToken.kind === 'symbol' ? OPERATORS.get(operatorToken.text) : undefined;
    if (!operator) throw this.unexpected(operatorToken);

    return { kind: 'compare', field, operator, literal: this.parseLiteral(field) };
  }

  private parseLiteral(field: DescribeField): Literal {
    const token = this.next();
    let literal: Literal;
    if (token.kind === 'string') {
      literal = { kind: 'string', value: token.value, pattern: token.pattern };
    } else if (token.kind === 'number') {
      literal = { kind: 'number', value: token.value };
    } else if (token.kind === 'word' && ['true', 'false'].includes(token.text.toLowerCase())) {
      literal = { kind: 'boolean', value: token.text.toLowerCase() === 'true' };
    } else if (token.kind === 'word' && token.text.toLowerCase() === 'null') {
      literal = { kind: 'null' };
    } else {
      throw this.unexpected(token);
    }
    this.checkLiteralType(field, literal, token);

    return literal;
  }

  private checkLiteralType(field: DescribeField, literal: Literal, token: Token): void {
    if (literal.kind === 'null') return;
    const expected = literalKindFor(field);
    if (literal.kind === expected) return;

    const typeName = expected === 'string' ? 'string' : field.type;
    const quoting =
      expected === 'string' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    throw this.error(
      'INVALID_FIELD',
      token,
      `value of filter criterion for field '${field.name}' must be of type ${typeName} and ${quoting}`,
    );
  }

  private resolveField(type: SObjectType, token: Token): DescribeField {
    const field = token.text.includes('.') ? undefined : this.schema.field(type, token.text);
    if (!field) {
      throw this.error(
        'INVALID_FIELD',
        token,
        `No such column '${token.text}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }

    return field;
  }

  private expectCount(): number {
    const token = this.next();
    if (token.kind !== 'number' || !Number.isInteger(token.value) || token.value < 0) {
      throw this.unexpected(token);
    }

    return token.value;
  }

  private peek(): Token {
    return this.tokens[this.position] ?? this.tokens[this.tokens.length - 1];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;

    return token;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.toLowerCase() !== keyword) return false;
    this.position += 1;

    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) throw this.unexpected(this.peek());
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) return false;
    this.position += 1;

    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.unexpected(this.peek());
  }

  private expectWord(): Token {
    const token = this.next();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase()))
      throw this.unexpected(token);

    return token;
  }

  private unexpected(token: Token): SoqlError {
    return this.error('MALFORMED_QUERY', token, `unexpected token: ${token.text}`);
  }

  private error(code: SoqlError['errorCode'], token: Token, detail: string): SoqlError {
    const caret = `${' '.repeat(Math.max(0, token.column - 1))}^`;

    return new SoqlError(
      code,
      `\n${this.soql}\n${caret}\nERROR at Row:1:Column:${token.column}\n${detail}`,
    );
  }

  private tokenize(): Token[] {
    const tokens: Token[] = [];
    const text = this.soql;
    let index = 0;
    while (index < text.length) {
      const char = text.charAt(index);
      const column = index + 1;
      if (/\s/.test(char)) {
        index += 1;
        continue;
      }
      if (char === "'") {
        const literal = this.readString(index);
        tokens.push({ kind: 'string', column, ...literal.token });
        index = literal.end;
        continue;
      }
      const number = /^-?\d+(\.\d+)?(?![A-Za-z_])/.exec(text.slice(index));
      if (number) {
        tokens.push({ kind: 'number', text: number[0], column, value: Number(number[0]) });
        index += number[0].length;
        continue;
      }
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(index));
      if (word) {
        tokens.push({ kind: 'word', text: word[0], column });
        index += word[0].length;
        continue;
      }
      const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
      if (symbol) {
        tokens.push({ kind: 'symbol', text: symbol, column });
        index += symbol.length;
        continue;
      }
      throw new SoqlError(
        'MALFORMED_QUERY',
        `\n${text}\n${' '.repeat(index)}^\nERROR at Row:1:Column:${column}\nunexpected token: ${char}`,
      );
    }
    tokens.push({ kind: 'end', text: '<EOF>', column: text.length + 1 });

    return tokens;
  }

  /** Reads a quoted literal starting at `start`; returns its decoded value and LIKE pattern. */
  private readString(start: number): {
    token: { text: string; value: string; pattern: string };
    end: number;
  } {
    const text = this.soql;
    let value = '';
    let pattern = '';
    let index = start + 1;
    while (index < text.length) {
      const char = text.charAt(index);
      if (char === "'") {
        return { token: { text: text.slice(start, index + 1), value, pattern }, end: index + 1 };
      }
      if (char === '\\') {
        const escaped = text.charAt(index + 1);
        if (escaped === '_' || escaped === '%') {
          value += escaped;
          pattern += escapeRegExp(escaped);
        } else if (escaped in ESCAPES) {
          value += ESCAPES[escaped];
          pattern += escapeRegExp(ESCAPES[escaped]);
        } else {
          throw new SoqlError(
            'MALFORMED_QUERY',
            `\n${text}\n${' '.repeat(index)}^\nERROR at Row:1:Column:${index + 1}\nInvalid string literal '${text.slice(start, index + 2)}'. Illegal escape sequence '\\${escaped}'`,
          );
        }
        index += 2;
        continue;
      }
      value += char;
      pattern += char === '%' ? '.*' : char === '_' ? '.' : escapeRegExp(char);
      index += 1;
    }

    throw new SoqlError(
      'MALFORMED_QUERY',
      `\n${text}\n${' '.repeat(start)}^\nERROR at Row:1:Column:${start + 1}\nunexpected token: '${text.slice(start)}'`,
    );
  }
}

function literalKindFor(field: DescribeField): Literal['kind'] {
  if (field.type === 'boolean') return 'boolean';
  if (['double', 'currency', 'percent', 'int', 'long'].includes(field.type)) return 'number';

  return 'string';
}

export function parseSoql(soql: string, schema: SchemaRegistry): SoqlQuery {
  return new Parser(soql, schema).parse();
}

function literalValue(literal: Literal): FieldValue {
  return literal.kind === 'null' ? null : literal.value;
}

/** Folds a value for comparison: ids by their 18-char form, text case-insensitively. */
function comparable(field: DescribeField, value: FieldValue): FieldValue {
  if (typeof value !== 'string') return value;
  if (field.type === 'id' || field.type === 'reference') {
    return (normaliseId(value) ?? value).toLowerCase();
  }

  return field.caseSensitive ? value : value.toLowerCase();
}

function compareValues(left: FieldValue, right: FieldValue): number {
  if (left === right) return 0;
  if (left === null) return -1;
  if (right === null) return 1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;

  return String(left) < String(right) ? -1 : 1;
}

type InCondition = Extract<Condition, { kind: 'in' }>;

/** An `IN` list's values as compared, folded once per query rather than once per record. */
const FOLDED = new WeakMap<InCondition, Set<FieldValue>>();

function foldedLiterals(condition: InCondition): Set<FieldValue> {
  let folded = FOLDED.get(condition);
  if (!folded) {
    folded = new Set(
      condition.literals.map((literal) => comparable(condition.field, literalValue(literal))),
    );
    FOLDED.set(condition, folded);
  }

  return folded;
}

function matches(condition: Condition, record: SalesforceRecord): boolean {
  switch (condition.kind) {
    case 'and':
      return matches(condition.left, record) && matches(condition.right, record);
    case 'or':
      return matches(condition.left, record) || matches(condition.right, record);
    case 'not':
      return !matches(condition.operand, record);
    case 'in': {
      const actual = comparable(condition.field, record[condition.field.name] ?? null);
      const found = foldedLiterals(condition).has(actual);

      return condition.negated ? !found : found;
    }
    case 'like': {
      const actual = record[condition.field.name];
      if (typeof actual !== 'string') return false;

      return new RegExp(`^${condition.literal.pattern}$`, 'is').test(actual);
    }
    case 'compare': {
      const actual = comparable(condition.field, record[condition.field.name] ?? null);
      const expected = comparable(condition.field, literalValue(condition.literal));
      if (condition.operator === '=') return actual === expected;
      if (condition.operator === '!=') return actual !== expected;
      if (actual === null || expected === null) return false;
      const order = compareValues(actual, expected);
      if (condition.operator === '<') return order < 0;
      if (condition.operator === '<=') return order <= 0;
      if (condition.operator === '>') return order > 0;

      return order >= 0;
    }
  }
}

/** Filters, sorts and slices the records a parsed query selects. */
export function runSoql(query: SoqlQuery, records: SalesforceRecord[]): SalesforceRecord[] {
  const where = query.where;
  const selected = where ? records.filter((record) => matches(where, record)) : [...records];

  if (query.orderBy.length > 0) {
    selected.sort((left, right) => {
      for (const order of query.orderBy) {
        const a = comparable(order.field, left[order.field.name] ?? null);
        const b = comparable(order.field, right[order.field.name] ?? null);
        if (a === b) continue;
        if (a === null) return order.nullsLast ? 1 : -1;
        if (b === null) return order.nullsLast ? -1 : 1;
        const result = compareValues(a, b);

        return order.descending ? -result : result;
      }

      return 0;
    });
  }

  const start = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : start + query.limit;

  return selected.slice(start, end);
}
