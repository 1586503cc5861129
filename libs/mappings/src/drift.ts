import type { RecommendedMappingRow } from '@libs/connector-sdk';

export type DriftKind = 'added' | 'changed' | 'removed';

/** The part of a mapping row the recommendations speak of. */
export interface MappedPair {
  source?: string | null;
  target: string;
  behaviour: string;
  constant?: string | null;
  template?: string | null;
}

/** One difference between the recommendations a connection accepted and the current ones. */
export interface DriftChange<Row extends MappedPair = MappedPair> {
  kind: DriftKind;
  target: string;
  /** The recommendation the connection accepted; absent when it is new upstream. */
  applied?: RecommendedMappingRow;
  /** The connector's current recommendation; absent when it was dropped upstream. */
  recommended?: RecommendedMappingRow;
  /** The connection's row for this remote field today, if any. */
  row?: Row;
  /** The admin changed the row since it was applied: upgrading overwrites that change. */
  customised: boolean;
}

function same(row: MappedPair | undefined, recommended: RecommendedMappingRow): boolean {
  return (
    row !== undefined &&
    !row.constant &&
    !row.template &&
    row.source === recommended.source &&
    row.behaviour === recommended.behaviour
  );
}

/**
 * Compares, field by field, the recommendations a connection accepted with the connector's
 * current ones. A change the connection's rows already match is not reported, nor a dropped
 * recommendation the admin already removed.
 */
export function diffRecommendations<Row extends MappedPair>(
  applied: readonly RecommendedMappingRow[],
  recommended: readonly RecommendedMappingRow[],
  rows: readonly Row[],
): DriftChange<Row>[] {
  const before = new Map(applied.map((row) => [row.target, row]));
  const after = new Map(recommended.map((row) => [row.target, row]));
  const current = new Map(rows.map((row) => [row.target, row]));
  const targets = [...new Set([...before.keys(), ...after.keys()])];
  const changes: DriftChange<Row>[] = [];

  for (const target of targets) {
    const was = before.get(target);
    const now = after.get(target);
    const row = current.get(target);
    if (was && now && was.source === now.source && was.behaviour === now.behaviour) continue;
    if (now && same(row, now)) continue;
    if (!now && !row) continue;
    const kind: DriftKind = !was ? 'added' : !now ? 'removed' : 'changed';
    const customised = row !== undefined && (!was || !same(row, was));
    changes.push({
      kind,
      target,
      ...(was ? { applied: was } : {}),
      ...(now ? { recommended: now } : {}),
      ...(row ? { row } : {}),
      customised,
    });
  }

  return changes.sort((a, b) => a.target.localeCompare(b.target));
}
