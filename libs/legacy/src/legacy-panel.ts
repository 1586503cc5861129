import type { FieldProblem } from '@libs/core';
import { legacyFieldName, legacyFieldPath } from '@libs/leads';

/** One object's legacy mapping panel: remote field → legacy Mobly field name. */
export type LegacyPanel = Record<string, string>;

/** A mapping row made from a panel entry: a Mobly lead field path written to a remote field. */
export interface LegacyPanelRow {
  source: string;
  target: string;
}

/**
 * Turns one legacy mapping panel into mapping rows (`source` = the Mobly lead field path,
 * `target` = the remote field), in the panel's order. Every problem is reported, each naming
 * its field as `<prefix>.<remote field>`: a legacy field name the platform does not know, a
 * value that is not a string, an empty remote field name.
 */
export function legacyPanelRows(
  panel: LegacyPanel,
  prefix = 'fields',
): { rows: LegacyPanelRow[]; problems: FieldProblem[] } {
  const rows: LegacyPanelRow[] = [];
  const problems: FieldProblem[] = [];
  for (const [target, name] of Object.entries(panel)) {
    const field = `${prefix}.${target}`;
    if (target.trim() === '' || target.length > 255) {
      problems.push({ field, message: 'the remote field name must have 1 to 255 characters' });
      continue;
    }
    if (typeof name !== 'string') {
      problems.push({ field, message: 'must be a legacy Mobly field name (a string)' });
      continue;
    }
    const source = legacyFieldPath(name);
    if (source === undefined) {
      problems.push({ field, message: `unknown legacy field "${name}"` });
      continue;
    }
    rows.push({ source, target });
  }

  return { rows, problems };
}

/** The panel that mapping rows read as; rows legacy could not express are left out. */
export function panelOfRows(
  rows: ReadonlyArray<{ source?: string | null; target: string }>,
): LegacyPanel {
  const panel: LegacyPanel = {};
  for (const row of rows) {
    const name = row.source ? legacyFieldName(row.source) : undefined;
    if (name !== undefined) panel[row.target] = name;
  }

  return panel;
}
