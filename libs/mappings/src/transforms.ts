import { isEmail } from 'class-validator';
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { FieldValue, RemoteField } from '@libs/connector-sdk';
import type { LeadValue } from '@libs/leads';
import { ValueFormat, type MappingRow } from './mapping-row.entity';

/** What of a row decides the value it writes. */
export type RowValueSpec = Pick<
  MappingRow,
  'source' | 'constant' | 'template' | 'valueMap' | 'format' | 'truncate'
>;

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The Mobly field paths a template reads. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Fills `{{path}}` placeholders; blank fields leave no double spaces behind. */
export function renderTemplate(template: string, values: Record<string, LeadValue>): string {
  return template
    .replace(PLACEHOLDER, (_match, path: string) => {
      const value = values[path];

      return value === null || value === undefined ? '' : String(value);
    })
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

const COUNTRY_ALIASES: Readonly<Record<string, CountryCode>> = {
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  uae: 'AE',
};

let countriesByName: Map<string, CountryCode> | undefined;

/** A country as people write it (`US`, `USA`, `Germany`) → its ISO 3166 code, if known. */
export function countryCode(country: string | null | undefined): CountryCode | undefined {
  if (!country) return undefined;
  const key = country.trim().toLowerCase();
  if (!countriesByName) {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    countriesByName = new Map(
      getCountries().flatMap((code): [string, CountryCode][] => [
        [code.toLowerCase(), code],
        [(names.of(code) ?? code).toLowerCase(), code],
      ]),
    );
  }

  return countriesByName.get(key) ?? COUNTRY_ALIASES[key];
}

/**
 * A phone number in E.164. Numbers written without a country prefix are read as numbers of
 * `country`; undefined when the number cannot be a phone number.
 */
export function toE164(value: string, country?: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(value, country ? { defaultCountry: country } : {});

  return parsed?.isPossible() ? parsed.number : undefined;
}

/** The first valid address of a list separated by commas, semicolons or spaces. */
export function firstEmail(value: string): string | undefined {
  return value
    .split(/[\s,;]+/)
    .map((candidate) => candidate.replace(/^<|>$/g, ''))
    .find((candidate) => isEmail(candidate));
}

/** Cuts a string to `length` UTF-16 units without splitting a surrogate pair. */
export function truncateTo(value: string, length: number): string {
  if (value.length <= length) return value;
  const high = value.charCodeAt(length - 1);
  const cut = high >= 0xd800 && high <= 0xdbff ? length - 1 : length;

  return value.slice(0, cut);
}

/**
 * The value one row writes for a lead, or null when there is nothing to write. `field` is the
 * cached remote field, used to truncate; without it no truncation happens.
 */
export function rowValue(
  row: RowValueSpec,
  values: Record<string, LeadValue>,
  field?: RemoteField,
): FieldValue {
  let value: LeadValue =
    row.constant ??
    (row.template ? renderTemplate(row.template, values) : (values[row.source ?? ''] ?? null));
  if (value === null || value === '') return null;

  if (row.format === ValueFormat.E164) {
    value = toE164(String(value), countryCode(stringOf(values['address.country']))) ?? value;
  } else if (row.format === ValueFormat.FirstEmail) {
    value = firstEmail(String(value)) ?? value;
  }
  const key = String(value);
  if (row.valueMap && Object.hasOwn(row.valueMap, key)) value = row.valueMap[key];
  if (value === '') return null;
  if (row.truncate && typeof value === 'string' && field?.length) {
    value = truncateTo(value, field.length);
  }

  return value;
}

function stringOf(value: LeadValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
