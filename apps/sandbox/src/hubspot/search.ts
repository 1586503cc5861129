import {
  SEARCH_MAX_FILTER_GROUPS,
  SEARCH_MAX_FILTERS,
  SEARCH_MAX_FILTERS_PER_GROUP,
  SEARCH_MAX_IN_VALUES,
  SEARCH_PAGE_LIMIT,
} from './constants';
import { errorBody, isRecord } from './http';
import type { HubSpotObjectType } from './objects';
import type { HubSpotRecord } from './records';
import type { HubSpotState } from './state';
import type { Outcome, WriteService } from './writes';

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
  highValue?: string;
}

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

function badRequest(message: string): Outcome {
  return { status: 400, body: errorBody('VALIDATION_ERROR', message) };
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  return undefined;
}

function readFilter(raw: unknown): Filter | string {
  if (!isRecord(raw)) return 'each filter must be an object';
  const { propertyName, operator } = raw;
  if (typeof propertyName !== 'string' || typeof operator !== 'string') {
    return 'a filter needs propertyName and operator';
  }
  if (!OPERATORS.has(operator)) return `Unknown filter operator: ${operator}`;
  const filter: Filter = { propertyName, operator };
  const value = scalar(raw.value);
  if (value !== undefined) filter.value = value;
  const highValue = scalar(raw.highValue);
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(raw.values)) {
    filter.values = raw.values.map(scalar).filter((item) => item !== undefined);
  }

  return filter;
}

function compareNumbers(left: string, right: string): number | undefined {
  const a = Number(left);
  const b = Number(right);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;

  return a - b;
}

function matches(record: HubSpotRecord, filter: Filter): boolean {
  const current = record.properties[filter.propertyName];
  const has = current !== undefined && current !== '';
  const lower = (current ?? '').toLowerCase();
  const value = (filter.value ?? '').toLowerCase();
  const values = (filter.values ?? []).map((item) => item.toLowerCase());
  const order = () => compareNumbers(current ?? '', filter.value ?? '');

  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && lower === value;
    case 'NEQ':
      return lower !== value;
    case 'IN':
      return has && values.includes(lower);
    case 'NOT_IN':
      return !values.includes(lower);
    case 'CONTAINS_TOKEN':
      return has && tokenMatch(lower, value);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !tokenMatch(lower, value);
    case 'LT':
      return has && (order() ?? 0) < 0;
    case 'LTE':
      return has && (order() ?? 1) <= 0;
    case 'GT':
      return has && (order() ?? 0) > 0;
    case 'GTE':
      return has && (order() ?? -1) >= 0;
    case 'BETWEEN': {
      const low = compareNumbers(current ?? '', filter.value ?? '');
      const high = compareNumbers(current ?? '', filter.highValue ?? '');

      return has && low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    default:
      return false;
  }
}

/** `*` is a wildcard; otherwise a whole word (token) of the value must match. */
function tokenMatch(current: string, token: string): boolean {
  if (token.includes('*')) {
    const pattern = token.split('*').map(escapeRegExp).join('.*');

    return new RegExp(`^${pattern}$`).test(current);
  }

  return current.split(/[\s@.,;:_-]+/).includes(token);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `POST /crm/v3/objects/{type}/search`: filter groups are ORed, filters inside a group ANDed;
 * the search index lags writes by `searchIndexDelayMs`.
 */
export function search(
  state: HubSpotState,
  writes: WriteService,
  type: HubSpotObjectType,
  body: unknown,
): Outcome {
  const request = isRecord(body) ? body : {};
  const limit = request.limit === undefined ? 10 : Number(request.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_PAGE_LIMIT) {
    return badRequest(`limit must be between 1 and ${SEARCH_PAGE_LIMIT}`);
  }
  const after = request.after === undefined ? 0 : Number(request.after);
  if (!Number.isInteger(after) || after < 0) return badRequest('after must be a paging cursor');

  const rawGroups: unknown[] = Array.isArray(request.filterGroups) ? request.filterGroups : [];
  if (rawGroups.length > SEARCH_MAX_FILTER_GROUPS) {
    return badRequest(`Too many filter groups; the maximum is ${SEARCH_MAX_FILTER_GROUPS}`);
  }
  const groups: Filter[][] = [];
  let total = 0;
  for (const rawGroup of rawGroups) {
    const rawFilters: unknown[] =
      isRecord(rawGroup) && Array.isArray(rawGroup.filters) ? rawGroup.filters : [];
    if (rawFilters.length > SEARCH_MAX_FILTERS_PER_GROUP) {
      return badRequest(
        `Too many filters in a group; the maximum is ${SEARCH_MAX_FILTERS_PER_GROUP}`,
      );
    }
    total += rawFilters.length;
    const filters: Filter[] = [];
    for (const raw of rawFilters) {
      const filter = readFilter(raw);
      if (typeof filter === 'string') return badRequest(filter);
      if ((filter.values?.length ?? 0) > SEARCH_MAX_IN_VALUES) {
        return badRequest(
          `Too many values for ${filter.operator}; the maximum is ${SEARCH_MAX_IN_VALUES}`,
        );
      }
      const quoted = [filter.value, ...(filter.values ?? [])].find(
        (value) => value !== undefined && (value.split('"').length - 1) % 2 === 1,
      );
      if (quoted !== undefined) {
        return badRequest(`Filter value '${quoted}' has mismatched quotation marks`);
      }
      filters.push(filter);
    }
    groups.push(filters);
  }
  if (total > SEARCH_MAX_FILTERS) {
    return badRequest(`Too many filters; the maximum is ${SEARCH_MAX_FILTERS}`);
  }

  const requested = Array.isArray(request.properties)
    ? request.properties.filter((name): name is string => typeof name === 'string')
    : [];
  const found = state.records
    .searchable(type)
    .filter((record) =>
      groups.length === 0 ? true : groups.some((group) => group.every((f) => matches(record, f))),
    )
    .sort((a, b) => Number(a.id) - Number(b.id));
  const page = found.slice(after, after + limit);
  const response: Record<string, unknown> = {
    total: found.length,
    results: page.map((record) => ({
      id: record.id,
      properties: writes.readProperties(type, record, requested),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      archived: false,
    })),
  };
  if (after + limit < found.length) {
    response.paging = { next: { after: String(after + limit) } };
  }

  return { status: 200, body: response };
}
