import type { RecommendedMappings, RemoteField } from '@libs/connector-sdk';

import { describeThrown, fail, notApplicable, pass, type Check, type CheckContext } from '../check';
import { describeObject } from './describe';

const BEHAVIOURS = new Set(['overwrite', 'write_if_blank']);

function recommended(context: CheckContext, object: string): RecommendedMappings | undefined {
  try {
    return context.definition.recommendedMappings(object);
  } catch (error) {
    return fail(`recommendedMappings(${object}) threw ${describeThrown(error)}`);
  }
}

/** What is wrong with one object's recommended rows against its describe; empty when nothing is. */
function mappingProblems(
  object: string,
  mappings: RecommendedMappings,
  fields: RemoteField[],
): string[] {
  if (mappings.object !== object) {
    return [`recommendedMappings(${object}) answered object ${mappings.object}`];
  }
  const problems: string[] = [];
  if (typeof mappings.version !== 'string' || mappings.version === '') {
    problems.push(`${object} mappings have no version`);
  }
  const byName = new Map(fields.map((field) => [field.name, field]));
  const targets = new Set<string>();
  for (const row of mappings.rows) {
    const label = `${row.source} → ${object}.${row.target}`;
    const field = byName.get(row.target);
    if (!field) problems.push(`${label}: describe has no field ${row.target}`);
    else if (field.readOnly) problems.push(`${label}: ${row.target} is read-only`);
    if (targets.has(row.target)) problems.push(`${label}: ${row.target} is mapped twice`);
    targets.add(row.target);
    if (!BEHAVIOURS.has(row.behaviour)) problems.push(`${label}: behaviour ${row.behaviour}`);
  }

  return problems;
}

export const recommendedMappingsCheck: Check = {
  id: 'recommended-mappings',
  title: 'recommends mappings only onto writable described fields',
  async run(context: CheckContext) {
    const withMappings = context.definition.capabilities.objects
      .map(({ name }) => ({ name, mappings: recommended(context, name) }))
      .filter((entry): entry is { name: string; mappings: RecommendedMappings } =>
        Boolean(entry.mappings),
      );
    if (withMappings.length === 0) return notApplicable('the connector recommends no mappings');

    const { client } = await context.start();
    const problems: string[] = [];
    let rows = 0;
    for (const { name, mappings } of withMappings) {
      const schema = await describeObject(client, name);
      problems.push(...mappingProblems(name, mappings, schema.fields));
      rows += mappings.rows.length;
    }
    if (problems.length > 0) fail(problems.join('; '));

    return pass(`${rows} rows on ${withMappings.map((entry) => entry.name).join(', ')}`);
  },
};
