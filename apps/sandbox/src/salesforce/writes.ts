import { salesforceTimestamp } from './clock';
import { normaliseId } from './ids';
import type { SalesforceRecord } from './records';
import type { SalesforceRoute } from './scenarios';
import { isSObjectType, type DescribeField, type SObjectType } from './schema';
import type { SalesforceState } from './state';
import { salesforceError, validateWrite, type SalesforceError } from './validation';

/** A SaveResult / UpsertResult element of an sObject Collections response. */
export interface SaveResultBody {
  id?: string;
  success: boolean;
  errors: SalesforceError[];
  created?: boolean;
}

export interface Committed {
  id: string;
  created: boolean;
}

/** A validated write that has not touched the store yet. */
export type WritePlan =
  { ok: true; commit: () => Committed } | { ok: false; error: SalesforceError };

const ROLLED_BACK = salesforceError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

function failed(error: SalesforceError): WritePlan {
  return { ok: false, error };
}

function withoutKeys(payload: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (!keys.includes(key)) rest[key] = value;
  }

  return rest;
}

/** Create, update and upsert with the org's validation, shared by single-record and collection routes. */
export class WriteService {
  constructor(private readonly state: SalesforceState) {}

  planCreate(
    type: SObjectType,
    payload: Record<string, unknown>,
    route: SalesforceRoute,
  ): WritePlan {
    if (payload.Id !== undefined || payload.id !== undefined) {
      return failed(salesforceError('INVALID_FIELD', 'cannot specify Id in an insert call'));
    }
    const validation = this.validate(type, payload, 'create');
    if (!validation.ok) return failed(validation.error);
    if (type === 'CampaignMember') {
      const refused = this.checkMember(validation.values);
      if (refused) return failed(refused);
    }
    if (this.state.scenarios.takeLockFailure(route)) return failed(lockError());

    return {
      ok: true,
      commit: () => ({
        id: String(this.state.store.insert(type, validation.values).Id),
        created: true,
      }),
    };
  }

  planUpdate(
    type: SObjectType,
    rawId: unknown,
    payload: Record<string, unknown>,
    route: SalesforceRoute,
  ): WritePlan {
    if (typeof rawId !== 'string' || rawId === '') {
      return failed(salesforceError('MISSING_ARGUMENT', 'Id not specified in an update call'));
    }
    const describe = this.state.schema.describe(type);
    const id = normaliseId(rawId);
    if (!id || !id.startsWith(describe.keyPrefix)) {
      const label = this.state.schema.field(type, 'Id')?.label ?? `${type} ID`;

      return failed(
        salesforceError('MALFORMED_ID', `${label}: id value of incorrect type: ${rawId}`, ['Id']),
      );
    }
    const existing = this.state.store.get(type, id);
    // A well-formed id that is not live (deleted, purged, or never created here) answers
    // ENTITY_IS_DELETED inside collections.
    if (!existing) return failed(salesforceError('ENTITY_IS_DELETED', 'entity is deleted'));
    if (type === 'Lead' && existing.IsConverted === true) {
      return failed(
        salesforceError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead'),
      );
    }
    const validation = this.validate(type, withoutKeys(payload, ['id', 'Id']), 'update');
    if (!validation.ok) return failed(validation.error);
    if (this.state.scenarios.takeLockFailure(route)) return failed(lockError(id));

    return {
      ok: true,
      commit: () => {
        this.state.store.update(id, validation.values);

        return { id, created: false };
      },
    };
  }

  /** Upsert by an External ID field: no match creates, one match updates, several fail. */
  planUpsert(
    type: SObjectType,
    externalIdField: DescribeField,
    payload: Record<string, unknown>,
    route: SalesforceRoute,
  ): WritePlan {
    const key = Object.entries(payload).find(
      ([name]) => name.toLowerCase() === externalIdField.name.toLowerCase(),
    )?.[1];
    if (key === undefined || key === null || key === '') {
      return failed(
        salesforceError('MISSING_ARGUMENT', `${externalIdField.name} not specified`, [
          externalIdField.name,
        ]),
      );
    }
    const matches = this.findByExternalId(type, externalIdField, String(key));
    if (matches.length > 1) {
      const ids = matches.map((record) => String(record.Id)).join(', ');

      return failed(
        salesforceError(
          'DUPLICATE_EXTERNAL_ID',
          `${externalIdField.label}: more than one record found for external id field: [${ids}]`,
          [externalIdField.name],
        ),
      );
    }
    if (matches.length === 0) return this.planCreate(type, payload, route);

    return this.planUpdate(type, matches[0].Id, payload, route);
  }

  findByExternalId(type: SObjectType, field: DescribeField, key: string): SalesforceRecord[] {
    const folded = field.caseSensitive ? key : key.toLowerCase();

    return this.state.store.list(type).filter((record) => {
      const value = record[field.name];
      if (value === null || value === undefined) return false;
      const text = String(value);

      return (field.caseSensitive ? text : text.toLowerCase()) === folded;
    });
  }

  /**
   * Runs planned writes with Collections semantics. Without allOrNone each record is planned and
   * committed in turn; with allOrNone nothing is committed unless every record is valid, and the
   * valid ones report ALL_OR_NONE_OPERATION_ROLLED_BACK.
   */
  runBatch(
    planners: Array<() => WritePlan>,
    allOrNone: boolean,
    withCreated: boolean,
  ): SaveResultBody[] {
    const toResult = (committed: Committed): SaveResultBody =>
      withCreated
        ? { id: committed.id, success: true, errors: [], created: committed.created }
        : { id: committed.id, success: true, errors: [] };

    if (!allOrNone) {
      return planners.map((plan): SaveResultBody => {
        const planned = plan();

        return planned.ok
          ? toResult(planned.commit())
          : { success: false, errors: [planned.error] };
      });
    }

    const plans = planners.map((plan) => plan());
    const ready = plans.filter((plan): plan is Extract<WritePlan, { ok: true }> => plan.ok);
    if (ready.length !== plans.length) {
      return plans.map((plan): SaveResultBody => ({
        success: false,
        errors: [plan.ok ? ROLLED_BACK : plan.error],
      }));
    }

    return ready.map((plan) => toResult(plan.commit()));
  }

  /**
   * A campaign member names a live campaign and one live lead or contact not yet a member; its
   * status is one of the campaign's member statuses (the default one when left out).
   */
  private checkMember(values: SalesforceRecord): SalesforceError | undefined {
    const campaignId = typeof values.CampaignId === 'string' ? values.CampaignId : '';
    if (!this.state.store.get('Campaign', campaignId)) {
      return salesforceError(
        'INVALID_CROSS_REFERENCE_KEY',
        `invalid cross reference id: ${campaignId}`,
        ['CampaignId'],
      );
    }
    const personField = values.LeadId ? 'LeadId' : 'ContactId';
    const personId = values[personField];
    const personType = personField === 'LeadId' ? 'Lead' : 'Contact';
    if (typeof personId !== 'string' || !this.state.store.get(personType, personId)) {
      return salesforceError(
        'INVALID_CROSS_REFERENCE_KEY',
        `invalid cross reference id: ${String(personId ?? '')}`,
        [personField],
      );
    }
    const members = this.state.store.list('CampaignMember');
    if (members.some((m) => m.CampaignId === campaignId && m[personField] === personId)) {
      return salesforceError('DUPLICATE_VALUE', 'Already a campaign member.');
    }
    const statuses = this.state.store
      .list('CampaignMemberStatus')
      .filter((status) => status.CampaignId === campaignId);
    if (values.Status === undefined || values.Status === null || values.Status === '') {
      const fallback = statuses.find((status) => status.IsDefault === true) ?? statuses[0];
      values.Status = fallback ? fallback.Label : null;

      return undefined;
    }
    const wanted = String(values.Status).toLowerCase();
    const known = statuses.find((status) => String(status.Label).toLowerCase() === wanted);
    if (!known) {
      return salesforceError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `Status: bad value for restricted picklist field: ${String(values.Status)}`,
        ['Status'],
      );
    }
    values.Status = known.Label;

    return undefined;
  }

  /** Marks a lead converted and creates the Account and Contact a conversion produces. */
  convertLead(id: string): { accountId: string; contactId: string } {
    const lead = this.state.store.get('Lead', id);
    if (!lead) throw new RangeError(`No live Lead ${id}`);
    if (lead.IsConverted === true) throw new RangeError(`Lead ${id} is already converted`);

    const account = this.state.store.insert('Account', {
      Name: typeof lead.Company === 'string' ? lead.Company : String(lead.LastName),
    });
    const contact = this.state.store.insert('Contact', {
      FirstName: lead.FirstName ?? null,
      LastName: lead.LastName ?? null,
      Email: lead.Email ?? null,
      AccountId: account.Id,
    });
    this.state.store.update(id, {
      IsConverted: true,
      ConvertedDate: salesforceTimestamp(this.state.clock.now()).slice(0, 10),
      ConvertedAccountId: account.Id,
      ConvertedContactId: contact.Id,
      Status: 'Closed - Converted',
    });

    return { accountId: String(account.Id), contactId: String(contact.Id) };
  }

  private validate(
    type: SObjectType,
    payload: Record<string, unknown>,
    operation: 'create' | 'update',
  ) {
    const validation = validateWrite(this.state.schema, type, payload, operation, {
      strictPicklistCase: this.state.settings.strictPicklistCase,
    });
    if (!validation.ok) return validation;
    const error = this.referenceError(type, validation.values);

    return error ? { ok: false as const, error } : validation;
  }

  /**
   * A lookup to an object the emulator keeps (a Contact's AccountId…) must name a live record of
   * a type it may point at: another type's id is FIELD_INTEGRITY_EXCEPTION, an id with no live
   * record INVALID_CROSS_REFERENCE_KEY, as an org answers. Lookups to users and other objects
   * the emulator does not keep are taken as given.
   */
  private referenceError(
    type: SObjectType,
    values: Record<string, unknown>,
  ): SalesforceError | undefined {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      const field = this.state.schema.field(type, name);
      const targets = (field?.referenceTo ?? []).filter(isSObjectType);
      if (!field || field.type !== 'reference' || targets.length === 0) continue;
      const target = targets.find((candidate) =>
        value.startsWith(this.state.schema.describe(candidate).keyPrefix),
      );
      if (!target) {
        return salesforceError(
          'FIELD_INTEGRITY_EXCEPTION',
          `${field.label}: id value of incorrect type: ${value}`,
          [field.name],
        );
      }
      if (!this.state.store.get(target, value)) {
        return salesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [
          field.name,
        ]);
      }
    }

    return undefined;
  }
}

function lockError(id?: string): SalesforceError {
  return salesforceError(
    'UNABLE_TO_LOCK_ROW',
    id === undefined
      ? 'unable to obtain exclusive access to this record'
      : `unable to obtain exclusive access to this record or 1 records: ${id}`,
  );
}
