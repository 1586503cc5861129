import { BATCH_INPUT_LIMIT, HUBSPOT_PORTAL } from './constants';
import { errorBody, isRecord } from './http';
import { OBJECT_TYPE_INFO, type HubSpotObjectType } from './objects';
import { normaliseIdValue, type HubSpotRecord } from './records';
import { batchEnvelope, objectBody, readProperties, writtenProperties } from './serialise';
import type { HubSpotState } from './state';
import { isEmail, propertyError, validateProperties, validationErrorFields } from './validation';

/** What a route answers: status and JSON body (none for 204). */
export interface Outcome {
  status: number;
  body?: unknown;
}

/** Why one input (or a whole request) failed. */
interface Failure {
  httpStatus: number;
  category: string;
  message: string;
  errors?: Array<{ message: string; code?: string; context?: Record<string, string[]> }>;
  context?: Record<string, string[]>;
  /** Reported per input even without `objectWriteTraceId` (missing objects). */
  alwaysPerInput?: boolean;
}

type Plan = { ok: true; commit: () => Record<string, unknown> } | { ok: false; failure: Failure };

interface PlannedInput {
  plan: Plan;
  traceId?: string;
  /** Whether a failure of this input may be reported in a 207 instead of failing the batch. */
  partial: boolean;
}

function failed(failure: Failure): Plan {
  return { ok: false, failure };
}

function requestFailure(status: number, category: string, message: string, extra = {}): Outcome {
  return { status, body: errorBody(category, message, extra) };
}

function invalidInput(message: string): Outcome {
  return requestFailure(
    400,
    'VALIDATION_ERROR',
    `Invalid input JSON on line 1, column 1: ${message}`,
  );
}

function traceIdOf(input: Record<string, unknown>): string | undefined {
  const value = input.objectWriteTraceId;

  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

/** The `inputs` of a batch request, or the 400 HubSpot answers for a malformed or large one. */
function readInputs(body: unknown): Record<string, unknown>[] | Outcome {
  if (!isRecord(body) || !Array.isArray(body.inputs)) return invalidInput('inputs is required');
  const inputs: unknown[] = body.inputs;
  if (inputs.length > BATCH_INPUT_LIMIT) {
    return requestFailure(
      400,
      'VALIDATION_ERROR',
      `Batch input size ${inputs.length} exceeds the limit of ${BATCH_INPUT_LIMIT} inputs`,
    );
  }
  if (!inputs.every(isRecord)) return invalidInput('every input must be an object');

  return inputs.filter(isRecord);
}

function isOutcome(value: unknown): value is Outcome {
  return isRecord(value) && typeof value.status === 'number';
}

/** Create, read, update and upsert with HubSpot's batch semantics, shared with single routes. */
export class WriteService {
  constructor(private readonly state: HubSpotState) {}

  batchCreate(type: HubSpotObjectType, body: unknown): Outcome {
    const inputs = readInputs(body);
    if (isOutcome(inputs)) return inputs;
    const duplicate = this.duplicateEmails(
      type,
      inputs.map((input) => (isRecord(input.properties) ? input.properties.email : undefined)),
    );
    if (duplicate) return duplicate;

    const planned = inputs.map((input): PlannedInput => {
      const traceId = traceIdOf(input);

      return {
        plan: this.planCreate(type, input.properties, traceId),
        traceId,
        partial: !!traceId,
      };
    });

    return this.settle(planned, 201);
  }

  batchUpdate(type: HubSpotObjectType, body: unknown): Outcome {
    const inputs = readInputs(body);
    if (isOutcome(inputs)) return inputs;
    const idProperty = this.idPropertyOf(type, inputs, false);
    if (isOutcome(idProperty)) return idProperty;
    const ids = inputs.map((input) => (typeof input.id === 'string' ? input.id : ''));
    const duplicate = this.duplicateIds(idProperty ?? 'hs_object_id', ids);
    if (duplicate) return duplicate;

    const planned = inputs.map((input, index): PlannedInput => {
      const traceId = traceIdOf(input);
      const existing = this.find(type, idProperty, ids[index]);
      const plan = existing
        ? this.planUpdate(type, existing, input.properties, traceId)
        : failed(notFound(ids[index]));

      return { plan, traceId, partial: !!traceId };
    });

    return this.settle(planned, 200);
  }

  batchUpsert(type: HubSpotObjectType, body: unknown): Outcome {
    const inputs = readInputs(body);
    if (isOutcome(inputs)) return inputs;
    const idProperty = this.idPropertyOf(type, inputs, true);
    if (isOutcome(idProperty)) return idProperty;
    if (idProperty === undefined) return invalidInput('idProperty is required');
    const ids = inputs.map((input) => (typeof input.id === 'string' ? input.id : ''));
    const duplicate = this.duplicateIds(idProperty, ids);
    if (duplicate) return duplicate;
    const partialAllowed = idProperty !== 'email' || this.state.settings.partialUpsertByEmail;

    const planned = inputs.map((input, index): PlannedInput => {
      const traceId = traceIdOf(input);

      return {
        plan: this.planUpsert(type, idProperty, ids[index], input.properties, traceId),
        traceId,
        partial: partialAllowed && !!traceId,
      };
    });

    return this.settle(planned, 200);
  }

  batchRead(type: HubSpotObjectType, body: unknown): Outcome {
    const inputs = readInputs(body);
    if (isOutcome(inputs)) return inputs;
    const request = isRecord(body) ? body : {};
    const idProperty = typeof request.idProperty === 'string' ? request.idProperty : undefined;
    if (idProperty !== undefined && !this.state.properties.isIdProperty(type, idProperty)) {
      return nonUnique(type, idProperty);
    }
    const requested = stringList(request.properties);
    const startedAt = this.state.clock.iso();
    const results: Array<Record<string, unknown>> = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = typeof input.id === 'string' ? input.id : '';
      const record = this.find(type, idProperty, id);
      if (record) results.push(objectBody(record, this.readProperties(type, record, requested)));
      else missing.push(id);
    }
    const errors =
      missing.length === 0
        ? []
        : [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Could not get some ${OBJECT_TYPE_INFO[type].singular} objects, they may be deleted or not exist. Check that ids are valid.`,
              context: { ids: missing },
              errors: [],
            },
          ];
    const status = errors.length > 0 ? 207 : 200;

    return { status, body: batchEnvelope(results, errors, startedAt, this.state.clock.iso()) };
  }

  batchArchive(type: HubSpotObjectType, body: unknown): Outcome {
    const inputs = readInputs(body);
    if (isOutcome(inputs)) return inputs;
    for (const input of inputs) {
      if (typeof input.id === 'string') this.state.records.archive(type, input.id);
    }

    return { status: 204 };
  }

  createOne(type: HubSpotObjectType, body: unknown): Outcome {
    const properties = isRecord(body) ? body.properties : undefined;

    return this.single(this.planCreate(type, properties, undefined), 201);
  }

  updateOne(type: HubSpotObjectType, id: string, idProperty: string | undefined, body: unknown) {
    if (idProperty !== undefined && !this.state.properties.isIdProperty(type, idProperty)) {
      return nonUnique(type, idProperty);
    }
    const record = this.find(type, idProperty, id);
    if (!record) return requestFailure(404, 'OBJECT_NOT_FOUND', 'resource not found');
    const properties = isRecord(body) ? body.properties : undefined;

    return this.single(this.planUpdate(type, record, properties, undefined), 200);
  }

  readOne(
    type: HubSpotObjectType,
    id: string,
    idProperty: string | undefined,
    requested: string[],
  ) {
    if (idProperty !== undefined && !this.state.properties.isIdProperty(type, idProperty)) {
      return nonUnique(type, idProperty);
    }
    const record = this.find(type, idProperty, id);
    if (!record) return requestFailure(404, 'OBJECT_NOT_FOUND', 'resource not found');

    return { status: 200, body: objectBody(record, this.readProperties(type, record, requested)) };
  }

  readProperties(type: HubSpotObjectType, record: HubSpotRecord, requested: string[]) {
    return readProperties(
      type,
      record,
      requested,
      (name) => !!this.state.properties.get(type, name),
    );
  }

  find(type: HubSpotObjectType, idProperty: string | undefined, id: string) {
    return idProperty === undefined
      ? this.state.records.get(type, id)
      : this.state.records.findBy(type, idProperty, id);
  }

  private single(plan: Plan, status: number): Outcome {
    if (!plan.ok) {
      const { httpStatus, category, message, errors, context } = plan.failure;
      const extra: Record<string, unknown> = {};
      if (errors) extra.errors = errors;
      if (context) extra.context = context;

      return requestFailure(httpStatus, category, message, extra);
    }

    return { status, body: plan.commit() };
  }

  /** Writes every planned input, or answers the first failure that fails the whole batch. */
  private settle(planned: PlannedInput[], successStatus: number): Outcome {
    const startedAt = this.state.clock.iso();
    for (const item of planned) {
      if (item.plan.ok || item.partial || item.plan.failure.alwaysPerInput) continue;
      const { httpStatus, category, message, errors, context } = item.plan.failure;

      return requestFailure(httpStatus, category, message, {
        ...(errors ? { errors } : {}),
        ...(context ? { context } : {}),
      });
    }

    const results: Array<Record<string, unknown>> = [];
    const errors: Array<Record<string, unknown>> = [];
    for (const { plan, traceId } of planned) {
      if (plan.ok) {
        results.push(plan.commit());
        continue;
      }
      const context: Record<string, string[]> = { ...plan.failure.context };
      if (traceId !== undefined) context.objectWriteTraceId = [traceId];
      errors.push({
        status: 'error',
        category: plan.failure.category,
        message: plan.failure.message,
        context,
        errors: plan.failure.errors ?? [],
      });
    }

    return {
      status: errors.length > 0 ? 207 : successStatus,
      body: batchEnvelope(results, errors, startedAt, this.state.clock.iso()),
    };
  }

  private planCreate(type: HubSpotObjectType, properties: unknown, traceId?: string): Plan {
    const validation = validateProperties(this.state.properties, type, properties);
    if (!validation.ok) return failed(validationFailure(validation.errors));
    const conflict = this.emailConflict(type, validation.values.email, undefined);
    if (conflict) return failed(conflict);

    return {
      ok: true,
      commit: () => {
        const record = this.state.records.create(type, validation.values);

        return objectBody(record, writtenProperties(type, record, [], true), {
          objectWriteTraceId: traceId,
        });
      },
    };
  }

  private planUpdate(
    type: HubSpotObjectType,
    record: HubSpotRecord,
    properties: unknown,
    traceId?: string,
  ): Plan {
    const validation = validateProperties(this.state.properties, type, properties);
    if (!validation.ok) return failed(validationFailure(validation.errors));
    const conflict = this.emailConflict(type, validation.values.email, record.id);
    if (conflict) return failed(conflict);

    return {
      ok: true,
      commit: () => {
        const updated = this.state.records.update(type, record.id, validation.values) ?? record;
        const sent = Object.keys(validation.values);

        return objectBody(updated, writtenProperties(type, updated, sent, false), {
          objectWriteTraceId: traceId,
        });
      },
    };
  }

  private planUpsert(
    type: HubSpotObjectType,
    idProperty: string,
    id: string,
    properties: unknown,
    traceId?: string,
  ): Plan {
    if (idProperty === 'email' && !isEmail(id.trim())) {
      return failed(
        validationFailure([
          propertyError('INVALID_EMAIL', 'email', `Email address ${id} is invalid`),
        ]),
      );
    }
    const validation = validateProperties(this.state.properties, type, properties);
    if (!validation.ok) return failed(validationFailure(validation.errors));
    const existing = this.state.records.findBy(type, idProperty, id);
    const values = { ...validation.values };
    if (!existing && values[idProperty] === undefined) {
      values[idProperty] = normaliseIdValue(idProperty, id);
    }
    const conflict = this.emailConflict(type, values.email, existing?.id);
    if (conflict) return failed(conflict);

    return {
      ok: true,
      commit: () => {
        const record = existing
          ? (this.state.records.update(type, existing.id, values) ?? existing)
          : this.state.records.create(type, values);
        const sent = [...Object.keys(values), idProperty];

        return objectBody(record, writtenProperties(type, record, sent, !existing), {
          isNew: !existing,
          objectWriteTraceId: traceId,
        });
      },
    };
  }

  /** A contact email must stay unique: another contact with it answers CONFLICT. */
  private emailConflict(
    type: HubSpotObjectType,
    email: string | undefined,
    selfId: string | undefined,
  ): Failure | undefined {
    if (type !== 'contacts' || !email) return undefined;
    const other = this.state.records.findBy('contacts', 'email', email);
    if (!other || other.id === selfId) return undefined;

    return {
      httpStatus: 409,
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${other.id}`,
    };
  }

  /** The batch's `idProperty` (every input must name the same one), or the 400 for a bad one. */
  private idPropertyOf(
    type: HubSpotObjectType,
    inputs: Record<string, unknown>[],
    required: boolean,
  ): string | undefined | Outcome {
    const names = new Set(
      inputs.map((input) => (typeof input.idProperty === 'string' ? input.idProperty : '')),
    );
    if (names.size > 1) return invalidInput('every input must use the same idProperty');
    const [name] = [...names];
    if (name === undefined || name === '') {
      return required ? invalidInput('idProperty is required') : undefined;
    }
    if (!this.state.properties.isIdProperty(type, name) || (!required && name === 'email')) {
      return nonUnique(type, name);
    }

    return name;
  }

  private duplicateIds(idProperty: string, ids: string[]): Outcome | undefined {
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const id of ids) {
      const key = normaliseIdValue(idProperty, id);
      if (seen.has(key)) duplicates.add(id);
      seen.add(key);
    }
    if (duplicates.size === 0) return undefined;
    const list = [...duplicates];

    return requestFailure(
      400,
      'VALIDATION_ERROR',
      `Duplicate IDs found in batch input: [${list.join(', ')}]. IDs must be unique`,
      { context: { ids: list } },
    );
  }

  private duplicateEmails(type: HubSpotObjectType, emails: unknown[]): Outcome | undefined {
    if (type !== 'contacts') return undefined;

    return this.duplicateIds(
      'email',
      emails.filter((email): email is string => typeof email === 'string' && email !== ''),
    );
  }
}

function validationFailure(errors: ReturnType<typeof propertyError>[]): Failure {
  return { httpStatus: 400, category: 'VALIDATION_ERROR', ...validationErrorFields(errors) };
}

function notFound(id: string): Failure {
  return {
    httpStatus: 404,
    category: 'OBJECT_NOT_FOUND',
    message: 'Object not found.  objectId are usually numeric.',
    context: { id: [id] },
    alwaysPerInput: true,
  };
}

function nonUnique(type: HubSpotObjectType, idProperty: string): Outcome {
  return requestFailure(
    400,
    'VALIDATION_ERROR',
    `Unable to perform update/upsert by non-unique ${OBJECT_TYPE_INFO[type].objectTypeId} property ${idProperty} in portal ID ${HUBSPOT_PORTAL.id}`,
  );
}
