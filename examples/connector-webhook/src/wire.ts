import { ConnectorError, type FieldValue } from '@mobly/connector-sdk';

import { mapWebhookError } from './error-map';

/** Field types a receiver's schema uses (README.md, "GET /schema/lead"). */
export const WIRE_FIELD_TYPES = [
  'id',
  'string',
  'text',
  'email',
  'phone',
  'url',
  'number',
  'datetime',
] as const;

export type WireFieldType = (typeof WIRE_FIELD_TYPES)[number];

export interface WireField {
  name: string;
  label: string;
  type: WireFieldType;
  required: boolean;
  readOnly: boolean;
  unique: boolean;
  maxLength?: number;
}

export interface WireSchema {
  object: string;
  fields: WireField[];
}

/** One record of a `POST /leads` body. */
export interface WireRecord {
  idempotencyKey: string;
  /** The receiver's id from an earlier delivery; matched first. */
  id?: string;
  /** Email to find an existing record by, before creating one. */
  matchEmail?: string;
  fields: Record<string, FieldValue>;
  /** Fields whose existing value the receiver must keep. */
  writeIfBlank?: string[];
}

export interface WireError {
  code: string;
  message: string;
  field?: string;
}

/** One result of a `POST /leads` answer: 201 created, 200 updated, 4xx rejected. */
export interface WireResult {
  idempotencyKey: string;
  status: number;
  id?: string;
  error?: WireError;
}

export interface WirePing {
  receiver: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function malformed(what: string): ConnectorError {
  return new ConnectorError(
    mapWebhookError({ code: 'malformed_response', message: `unreadable ${what}` }),
  );
}

export function readWireError(value: unknown): WireError | undefined {
  if (!isObject(value) || !isString(value.code)) return undefined;

  return {
    code: value.code,
    message: isString(value.message) ? value.message : value.code,
    ...(isString(value.field) ? { field: value.field } : {}),
  };
}

export function readPing(body: unknown): WirePing {
  if (!isObject(body) || !isString(body.receiver)) throw malformed('ping answer');

  return { receiver: body.receiver };
}

function readField(value: unknown): WireField | undefined {
  if (!isObject(value) || !isString(value.name)) return undefined;
  const type = WIRE_FIELD_TYPES.find((candidate) => candidate === value.type);
  if (type === undefined) return undefined;

  return {
    name: value.name,
    label: isString(value.label) ? value.label : value.name,
    type,
    required: value.required === true,
    readOnly: value.readOnly === true,
    unique: value.unique === true,
    ...(typeof value.maxLength === 'number' ? { maxLength: value.maxLength } : {}),
  };
}

export function readSchema(body: unknown): WireSchema {
  if (!isObject(body) || !isString(body.object) || !Array.isArray(body.fields)) {
    throw malformed('schema');
  }
  const fields = body.fields.map(readField);
  if (fields.some((field) => field === undefined)) throw malformed('schema field');

  return { object: body.object, fields: fields.filter((field) => field !== undefined) };
}

function readResult(value: unknown): WireResult | undefined {
  if (!isObject(value) || !isString(value.idempotencyKey) || typeof value.status !== 'number') {
    return undefined;
  }
  const error = readWireError(value.error);

  return {
    idempotencyKey: value.idempotencyKey,
    status: value.status,
    ...(isString(value.id) ? { id: value.id } : {}),
    ...(error ? { error } : {}),
  };
}

export function readResults(body: unknown): WireResult[] {
  if (!isObject(body) || !Array.isArray(body.results)) throw malformed('results');
  const results = body.results.map(readResult);
  if (results.some((result) => result === undefined)) throw malformed('result');

  return results.filter((result) => result !== undefined);
}
