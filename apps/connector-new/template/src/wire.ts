import { ConnectorError, type FieldValue } from '@mobly/connector-sdk';

import { mapSampleVendorError } from './error-map';

/** Field types the API's schema uses (README.md, "GET /v1/schema/contact"). */
export const WIRE_FIELD_TYPES = ['id', 'string', 'text', 'email', 'phone', 'datetime'] as const;

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

/** One record of a `POST /v1/contacts/batch` body. */
export interface WireRecord {
  /** Echoed in the record's result, so results are paired by reference, not by position. */
  ref: string;
  /** The vendor's id from an earlier write; matched first. */
  id?: string;
  /** The upsert key: an existing contact with this email is updated, never duplicated. */
  email?: string;
  fields: Record<string, FieldValue>;
  /** Fields whose existing value the vendor must keep. */
  writeIfBlank?: string[];
}

export interface WireError {
  code: string;
  message: string;
  field?: string;
}

/** One result of a batch answer: 201 created, 200 updated, 4xx rejected. */
export interface WireResult {
  ref: string;
  status: number;
  id?: string;
  error?: WireError;
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
    mapSampleVendorError({ code: 'malformed_response', message: `unreadable ${what}` }),
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

export function readToken(body: unknown): string {
  if (!isObject(body) || !isString(body.access_token)) throw malformed('token answer');

  return body.access_token;
}

export function readAccount(body: unknown): string {
  if (!isObject(body) || !isString(body.account)) throw malformed('account answer');

  return body.account;
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
  if (!isObject(value) || !isString(value.ref) || typeof value.status !== 'number') {
    return undefined;
  }
  const error = readWireError(value.error);

  return {
    ref: value.ref,
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
