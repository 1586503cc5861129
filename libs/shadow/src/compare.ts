import type { FieldValue, MatchResult, NormalisedError } from '@libs/connector-sdk';
import type { WrittenPayload } from '@libs/sync';
import { ShadowOutcome, type FieldDifference } from './shadow-result.entity';

/** What the legacy connection did with a lead. */
export interface LegacySide {
  state: string;
  /** What its last successful write sent; none when it never wrote the lead. */
  written?: WrittenPayload | null;
  remoteIds: Record<string, string>;
}

/** What the new connection would do with it, computed without writing. */
export interface NewSide {
  object: string;
  values: Record<string, FieldValue>;
  /** The match, or none when the lead was refused before matching. */
  match?: MatchResult;
  /** Why the new platform would refuse it: pre-flight against the cached schema. */
  refused?: NormalisedError;
}

export interface Comparison {
  outcome: ShadowOutcome;
  differences: FieldDifference[];
  legacyObject: string | null;
  legacyRemoteId: string | null;
  newRemoteId: string | null;
  matchedBy: 'remote_id' | 'email' | 'none' | null;
  wouldDuplicate: boolean;
  failure?: NormalisedError;
}

const same = (a: FieldValue, b: FieldValue): boolean => a === b;

/** The fields written differently, in name order; a side that writes nothing shows null. */
export function fieldDifferences(
  legacy: Record<string, FieldValue>,
  next: Record<string, FieldValue>,
): FieldDifference[] {
  const names = [...new Set([...Object.keys(legacy), ...Object.keys(next)])].sort();

  return names
    .map((field) => ({ field, legacy: legacy[field] ?? null, new: next[field] ?? null }))
    .filter((difference) => !same(difference.legacy, difference.new));
}

/** The object legacy wrote the lead to: the one of its last write, else its only remote id. */
function legacyObjectOf(legacy: LegacySide): string | null {
  if (legacy.written) return legacy.written.object;
  const objects = Object.keys(legacy.remoteIds);

  return objects.length === 1 ? objects[0] : null;
}

/**
 * Compares, for one lead, what legacy wrote with what the new platform would write: the fields,
 * the target object and the record. A refusal or a failed match makes it `would_fail`; a create
 * where legacy already wrote a record is a duplicate in waiting.
 */
export function compareLead(legacy: LegacySide, next: NewSide): Comparison {
  const legacyObject = legacyObjectOf(legacy);
  const legacyRemoteId = legacyObject ? (legacy.remoteIds[legacyObject] ?? null) : null;
  const differences = fieldDifferences(legacy.written?.values ?? {}, next.values);
  const matched = next.match?.ok ? next.match : undefined;
  const newRemoteId = matched?.remoteId ?? null;
  const matchedBy = matched?.matchedBy ?? null;
  const failure = next.refused ?? (next.match && !next.match.ok ? next.match.error : undefined);
  const wouldDuplicate = legacyRemoteId !== null && matchedBy === 'none';

  let outcome = ShadowOutcome.Identical;
  if (failure) outcome = ShadowOutcome.WouldFail;
  else if (
    differences.length > 0 ||
    legacyObject !== next.object ||
    legacyRemoteId !== newRemoteId
  ) {
    outcome = ShadowOutcome.Differs;
  }

  return {
    outcome,
    differences,
    legacyObject,
    legacyRemoteId,
    newRemoteId,
    matchedBy,
    wouldDuplicate,
    failure,
  };
}
