import {
  normalisedError,
  type ErrorCategory,
  type NormalisedError,
  type RemoteField,
  type RemoteFieldType,
} from '@libs/connector-sdk';
import { valueProblem } from '@libs/mappings';
import { QualifierMappingMode } from './qualifier-mapping.entity';
import { QualifierChoice } from './qualifier.entity';

/** Salesforce multi-select picklists, HubSpot checkboxes and Marketo all separate values so. */
export const DEFAULT_MULTI_VALUE_DELIMITER = ';';

/** What the sync needs of one qualifier and, when it has one, its mapping on the connection. */
export interface TagRule {
  name: string;
  values: readonly string[];
  choice: QualifierChoice;
  mapping?: {
    target: string;
    mode: QualifierMappingMode;
    options?: Readonly<Record<string, string>> | null;
  };
}

/** A connection's qualifier mappings for one object, keyed by qualifier name. */
export interface TagPlan {
  rules: ReadonlyMap<string, TagRule>;
  /** How the vendor separates the values of a multi-select field. */
  delimiter: string;
}

export type TagOutcome = { values: Record<string, string> } | { error: NormalisedError };

function chosen(answer: readonly string[] | undefined): string[] {
  const values = (answer ?? []).map((value) => value.trim()).filter((value) => value !== '');

  return [...new Set(values)];
}

function noTagMapping(rule: TagRule, answer: string[], code: string, why: string): TagOutcome {
  return {
    error: normalisedError({
      category: 'NO_TAG_MAPPING',
      vendorCode: code,
      vendorMessage: `${rule.name}: ${why} (answer: ${answer.join(', ')}; checked before sending)`,
      field: rule.name,
    }),
  };
}

/**
 * The remote values a lead's qualifier answers write on a connection, or the NO_TAG_MAPPING
 * failure of the first answer that has no mapping there: a qualifier without a mapping, or (in
 * `options` mode) a chosen value without a remote option. Answers to questions the org does not
 * define as qualifiers are not qualifier answers and write nothing.
 */
export function tagValues(answers: Record<string, string[]>, plan: TagPlan): TagOutcome {
  const values: Record<string, string> = {};
  for (const [name, answer] of Object.entries(answers ?? {})) {
    const rule = plan.rules.get(name);
    const picked = chosen(answer);
    if (!rule || picked.length === 0) continue;
    const mapping = rule.mapping;
    if (!mapping) {
      return noTagMapping(rule, picked, 'QUALIFIER_UNMAPPED', 'no mapping on this connection');
    }
    if (mapping.mode === QualifierMappingMode.Text) {
      values[mapping.target] = picked.join(plan.delimiter);
      continue;
    }
    const unmapped = picked.filter((value) => !mapping.options?.[value]);
    if (unmapped.length > 0) {
      const unknown = unmapped.filter((value) => !rule.values.includes(value));
      const why =
        unknown.length > 0
          ? `${quoted(unknown)} ${unknown.length > 1 ? 'are' : 'is'} not among the qualifier's values`
          : `${quoted(unmapped)} ${unmapped.length > 1 ? 'have' : 'has'} no remote option on this connection`;

      return noTagMapping(rule, picked, 'VALUE_UNMAPPED', why);
    }
    const options = [...new Set(picked.map((value) => mapping.options?.[value] as string))];
    values[mapping.target] = options.join(plan.delimiter);
  }

  return { values };
}

function quoted(values: string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

export type QualifierProblemCode =
  | 'QUALIFIER_UNMAPPED'
  | 'MISSING_REMOTE_FIELD'
  | 'READ_ONLY_FIELD'
  | 'TYPE_MISMATCH'
  | 'VALUE_TOO_LONG'
  | 'INVALID_VALUE'
  | 'UNMAPPED_VALUE';

/** Why a qualifier mapping cannot work (or not for every value), and how leads would fail. */
export interface QualifierMappingProblem {
  code: QualifierProblemCode;
  category: ErrorCategory;
  /** The remote field concerned. */
  field: string;
  /** The qualifier value concerned, when it is one value. */
  value?: string;
  message: string;
}

/** Remote types a qualifier's text or options can be written to. */
const TEXT_TYPES: ReadonlySet<RemoteFieldType> = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'other',
]);

/**
 * Everything that stops a qualifier mapping from working against the cached remote schema: the
 * field missing, read-only or not text, a multiple-choice qualifier on a single-value picklist,
 * options (or, in `text` mode, values) the field refuses, and values left without an option.
 */
export function qualifierMappingProblems(
  rule: TagRule,
  fields: ReadonlyMap<string, RemoteField>,
): QualifierMappingProblem[] {
  const mapping = rule.mapping;
  if (!mapping) return [];
  const field = fields.get(mapping.target);
  if (!field) {
    return [
      {
        code: 'MISSING_REMOTE_FIELD',
        category: 'MISSING_REMOTE_FIELD',
        field: mapping.target,
        message: `${mapping.target} is not in the remote schema (deleted, renamed or hidden)`,
      },
    ];
  }
  const problems: QualifierMappingProblem[] = [];
  const add = (problem: Omit<QualifierMappingProblem, 'field'>): void => {
    problems.push({ field: field.name, ...problem });
  };
  if (field.readOnly) {
    add({
      code: 'READ_ONLY_FIELD',
      category: 'PERMISSION_DENIED',
      message: `${field.name} is read-only for the connected user`,
    });
  }
  if (!TEXT_TYPES.has(field.type)) {
    add({
      code: 'TYPE_MISMATCH',
      category: 'DATA_VALUE_VALIDATION',
      message: `${rule.name} cannot be written to ${field.name}, a ${field.vendorType} field`,
    });

    return problems;
  }
  if (rule.choice === QualifierChoice.Multiple && field.type === 'picklist') {
    add({
      code: 'TYPE_MISMATCH',
      category: 'DATA_VALUE_VALIDATION',
      message: `${rule.name} takes several values; ${field.name} holds one (use a multi-select field)`,
    });
  }
  for (const value of rule.values) {
    const written =
      mapping.mode === QualifierMappingMode.Options ? mapping.options?.[value] : value;
    if (!written) {
      add({
        code: 'UNMAPPED_VALUE',
        category: 'NO_TAG_MAPPING',
        value,
        message: `"${value}" has no remote option: leads answering it fail NO_TAG_MAPPING`,
      });
      continue;
    }
    const found = valueProblem(written, field);
    if (!found) continue;
    add({
      code: found.code === 'STRING_TOO_LONG' ? 'VALUE_TOO_LONG' : 'INVALID_VALUE',
      category: 'DATA_VALUE_VALIDATION',
      value,
      message: found.message,
    });
  }

  return problems;
}
