import type { FieldValue } from '@mobly/connector-sdk';

import { fieldsProblem, isEmail } from './receiver-schema';
import type { WireError, WireResult } from './wire';

export interface ReceivedLead {
  id: string;
  fields: Record<string, FieldValue>;
  createdAt: string;
  updatedAt: string;
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldValue(value: unknown): value is FieldValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isFields(value: unknown): value is Record<string, FieldValue> {
  return isObject(value) && Object.values(value).every(isFieldValue);
}

function accepted(result: WireResult): boolean {
  return result.status === 200 || result.status === 201;
}

/**
 * The receiver's leads. A record is matched by id, then by email (case-insensitive); an
 * Idempotency-Key seen before is answered with its first result and changes nothing.
 */
export class ReceiverStore {
  private leads = new Map<string, ReceivedLead>();
  private idempotency = new Map<string, WireResult>();
  private sequence = 0;

  /** Applies one record of a `POST /leads` body; `index` names a record without a key. */
  receive(input: unknown, index: number): WireResult {
    const key = isObject(input) ? input.idempotencyKey : undefined;
    const idempotencyKey = typeof key === 'string' && key !== '' ? key : `#${index}`;
    const reject = (status: number, error: WireError): WireResult => ({
      idempotencyKey,
      status,
      error,
    });
    if (!isObject(input) || idempotencyKey !== key) {
      return reject(400, { code: 'malformed_body', message: 'a record needs an idempotencyKey' });
    }
    const replayed = this.idempotency.get(idempotencyKey);
    if (replayed) return { ...replayed };

    const fields = input.fields;
    if (!isFields(fields)) {
      return reject(400, { code: 'malformed_body', message: 'fields must map names to values' });
    }
    const problem = fieldsProblem(fields);
    if (problem) return reject(400, problem);

    const matchEmail = typeof input.matchEmail === 'string' ? input.matchEmail : undefined;
    let existing: ReceivedLead | undefined;
    if (typeof input.id === 'string') {
      existing = this.leads.get(input.id);
      if (!existing) return reject(404, { code: 'not_found', message: `no lead ${input.id}` });
    } else {
      existing = this.findByEmail(matchEmail ?? fields.email);
    }
    const writeIfBlank = Array.isArray(input.writeIfBlank) ? input.writeIfBlank : [];
    const result = existing
      ? this.update(existing, fields, writeIfBlank, idempotencyKey)
      : this.create(fields, matchEmail, idempotencyKey);
    if (accepted(result)) this.idempotency.set(idempotencyKey, result);

    return { ...result };
  }

  list(): ReceivedLead[] {
    return [...this.leads.values()].map((lead) => ({ ...lead, fields: { ...lead.fields } }));
  }

  clear(): void {
    this.leads.clear();
    this.idempotency.clear();
    this.sequence = 0;
  }

  private create(
    fields: Record<string, FieldValue>,
    matchEmail: string | undefined,
    idempotencyKey: string,
  ): WireResult {
    const email = typeof fields.email === 'string' ? fields.email : matchEmail;
    if (email === undefined || email === '') {
      return {
        idempotencyKey,
        status: 400,
        error: { code: 'required', message: 'email is required', field: 'email' },
      };
    }
    if (!isEmail(email)) {
      return {
        idempotencyKey,
        status: 400,
        error: { code: 'invalid_email', message: `not a valid email: "${email}"`, field: 'email' },
      };
    }
    this.sequence += 1;
    const id = `lead_${String(this.sequence).padStart(6, '0')}`;
    const now = new Date().toISOString();
    this.leads.set(id, { id, fields: { ...fields, email }, createdAt: now, updatedAt: now });

    return { idempotencyKey, status: 201, id };
  }

  private update(
    lead: ReceivedLead,
    fields: Record<string, FieldValue>,
    writeIfBlank: unknown[],
    idempotencyKey: string,
  ): WireResult {
    for (const [name, value] of Object.entries(fields)) {
      const current = lead.fields[name];
      const blank = current === undefined || current === null || current === '';
      if (writeIfBlank.includes(name) && !blank) continue;
      lead.fields[name] = value;
    }
    lead.updatedAt = new Date().toISOString();

    return { idempotencyKey, status: 200, id: lead.id };
  }

  private findByEmail(email: FieldValue | undefined): ReceivedLead | undefined {
    if (typeof email !== 'string' || email === '') return undefined;
    const wanted = email.toLowerCase();

    return [...this.leads.values()].find(
      (lead) => String(lead.fields.email).toLowerCase() === wanted,
    );
  }
}
