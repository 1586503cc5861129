import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type FieldProblem } from '@libs/core';
import { ConnectionPlatform, type Connection } from '@libs/connections';
import { MappingRow, MappingsService } from '@libs/mappings';
import type { Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { QualifierMapping, QualifierMappingMode } from './qualifier-mapping.entity';
import { Qualifier } from './qualifier.entity';
import {
  QualifierMappingEntryDto,
  type PutQualifierMappingDto,
  type QualifierMappingsDto,
} from './qualifier-mappings.dto';
import { QualifierDto } from './qualifiers.dto';
import {
  DEFAULT_MULTI_VALUE_DELIMITER,
  qualifierMappingProblems,
  type QualifierMappingProblem,
  type TagPlan,
  type TagRule,
} from './tag-values';

function ruleOf(qualifier: Qualifier, mapping: QualifierMapping | undefined): TagRule {
  return {
    name: qualifier.name,
    values: qualifier.values,
    choice: qualifier.choice,
    mapping: mapping && { target: mapping.target, mode: mapping.mode, options: mapping.options },
  };
}

/**
 * Per connection and object: which remote field each qualifier's answers go to, and which remote
 * option each value becomes, judged against the cached remote schema.
 */
@Injectable()
export class QualifierMappingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly mappings: MappingsService,
    private readonly registry: ConnectorRegistry,
  ) {}

  /** Every qualifier of the org with its mapping on the connection and what stops it working. */
  async list(org: Org, connectionId: string, object: string): Promise<QualifierMappingsDto> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const schema = await this.mappings.cachedSchema(connection, object);
    const fields = new Map(schema.fields.map((field) => [field.name, field]));
    const qualifiers = await this.em.find(Qualifier, { org }, { orderBy: { name: 'asc' } });
    const mappings = await this.byQualifier(this.em, connection, object);

    return {
      object,
      delimiter: this.delimiter(connection),
      schemaFetchedAt: schema.fetchedAt.toISOString(),
      qualifiers: qualifiers.map((qualifier) => {
        const mapping = mappings.get(qualifier.id);
        const problems: QualifierMappingProblem[] = mapping
          ? qualifierMappingProblems(ruleOf(qualifier, mapping), fields)
          : [
              {
                code: 'QUALIFIER_UNMAPPED',
                category: 'NO_TAG_MAPPING',
                field: qualifier.name,
                message: `${qualifier.name} has no mapping: leads answering it fail NO_TAG_MAPPING`,
              },
            ];

        return QualifierMappingEntryDto.from(QualifierDto.from(qualifier), mapping, problems);
      }),
    };
  }

  /** Sets where the connection writes the qualifier's answers (created or replaced). */
  async put(
    org: Org,
    connectionId: string,
    object: string,
    qualifierId: string,
    input: PutQualifierMappingDto,
  ): Promise<QualifierMappingEntryDto> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const qualifier = await this.em.findOne(Qualifier, { id: qualifierId, org });
    if (!qualifier) throw DomainError.notFound('Qualifier', qualifierId);
    const fields = await this.assertValid(connection, object, qualifier, input);
    const row = await this.em.findOne(MappingRow, { connection, object, target: input.target });
    if (row) {
      throw new DomainError(
        ErrorCode.Conflict,
        `${input.target} is already written by a mapping row of ${object}`,
        { errors: [{ field: 'target', message: 'written by a mapping row' }] },
      );
    }

    let mapping = await this.em.findOne(QualifierMapping, { connection, object, qualifier });
    mapping ??= this.em.create(QualifierMapping, {
      connection,
      object,
      qualifier,
      target: input.target,
      mode: input.mode,
    });
    mapping.target = input.target;
    mapping.mode = input.mode;
    mapping.options = input.mode === QualifierMappingMode.Options ? (input.options ?? {}) : null;
    try {
      await this.em.flush();
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw new DomainError(
        ErrorCode.Conflict,
        `${input.target} is already written by another qualifier of ${object}`,
        { errors: [{ field: 'target', message: 'written by another qualifier' }] },
      );
    }

    return QualifierMappingEntryDto.from(
      QualifierDto.from(qualifier),
      mapping,
      qualifierMappingProblems(ruleOf(qualifier, mapping), fields),
    );
  }

  async remove(org: Org, connectionId: string, object: string, qualifierId: string) {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const removed = await this.em.nativeDelete(QualifierMapping, {
      connection,
      object,
      qualifier: { id: qualifierId, org },
    });
    if (removed === 0) throw DomainError.notFound('Qualifier mapping', qualifierId);
  }

  /**
   * What the sync needs to write a batch's answers: every qualifier of the connection's org with
   * its mapping for the object (if any), and the connector's multi-value delimiter. Legacy
   * connections get no rules: their answers are not written.
   */
  async plan(em: EntityManager, connection: Connection, object: string): Promise<TagPlan> {
    const delimiter = this.delimiter(connection);
    // Legacy integrations (maintenance mode) never wrote qualifier answers, and still do not.
    if (connection.platform === ConnectionPlatform.Legacy) return { delimiter, rules: new Map() };
    const qualifiers = await em.find(Qualifier, { org: connection.org });
    const mappings = await this.byQualifier(em, connection, object);

    return {
      delimiter,
      rules: new Map(qualifiers.map((q) => [q.name, ruleOf(q, mappings.get(q.id))])),
    };
  }

  private delimiter(connection: Connection): string {
    const capabilities = this.registry.get(connection.integration).capabilities;

    return capabilities.multiValueDelimiter ?? DEFAULT_MULTI_VALUE_DELIMITER;
  }

  private async byQualifier(
    em: EntityManager,
    connection: Connection,
    object: string,
  ): Promise<Map<string, QualifierMapping>> {
    const mappings = await em.find(QualifierMapping, { connection, object });

    return new Map(mappings.map((mapping) => [mapping.qualifier.id, mapping]));
  }

  /**
   * `options` mode names options for the qualifier's own values; `text` mode takes none. The
   * target is a field of the cached schema, refreshed once when it is not found there.
   */
  private async assertValid(
    connection: Connection,
    object: string,
    qualifier: Qualifier,
    input: PutQualifierMappingDto,
  ) {
    const problems: FieldProblem[] = [];
    if (input.mode === QualifierMappingMode.Options) {
      if (!input.options || Object.keys(input.options).length === 0) {
        problems.push({ field: 'options', message: 'name the remote option of each value' });
      }
      for (const value of Object.keys(input.options ?? {})) {
        if (!qualifier.values.includes(value)) {
          problems.push({
            field: `options.${value}`,
            message: `not one of ${qualifier.name}'s values (${qualifier.values.join(', ')})`,
          });
        }
      }
    } else if (input.options !== undefined) {
      problems.push({ field: 'options', message: 'only with mode "options"' });
    }
    let schema = await this.mappings.cachedSchema(connection, object);
    if (!schema.fields.some((field) => field.name === input.target)) {
      await this.mappings.refreshSchema(connection.org, connection.id, object);
      schema = await this.mappings.cachedSchema(connection, object);
    }
    if (!schema.fields.some((field) => field.name === input.target)) {
      problems.push({ field: 'target', message: `${object} has no field ${input.target}` });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);

    return new Map(schema.fields.map((field) => [field.name, field]));
  }
}
