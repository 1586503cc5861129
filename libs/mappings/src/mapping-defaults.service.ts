import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RecommendedMappingRow } from '@libs/connector-sdk';
import { DomainError, ErrorCode, type FieldProblem } from '@libs/core';
import type { Connection } from '@libs/connections';
import type { Org } from '@libs/orgs';
import { AppliedDefaults } from './applied-defaults.entity';
import { diffRecommendations, type DriftChange } from './drift';
import { MappingChanges } from './mapping-changes';
import { MappingRow } from './mapping-row.entity';
import { behaviourOf, MappingsService, unusableReason } from './mappings.service';

export interface DriftReport {
  object: string;
  /** The recommendations version the connection accepted; null before Set Defaults. */
  applied: string | null;
  current: string;
  changes: DriftChange<MappingRow>[];
}

export interface UpgradeResult {
  applied: string[];
  skipped: { target: string; reason: string }[];
  report: DriftReport;
}

/**
 * Versioned recommended mappings: what changed in the connector's recommendations since the
 * connection accepted them, and a reviewed upgrade that applies the chosen changes only.
 */
@Injectable()
export class MappingDefaultsService {
  constructor(
    private readonly em: EntityManager,
    private readonly mappings: MappingsService,
    private readonly changes: MappingChanges,
  ) {}

  async drift(org: Org, connectionId: string, object: string): Promise<DriftReport> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);

    return this.report(this.em, connection, object);
  }

  /** Applies the chosen changes of the drift report, each as the connector recommends it now. */
  async upgrade(
    org: Org,
    connectionId: string,
    object: string,
    input: { targets: string[]; version?: string },
  ): Promise<UpgradeResult> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const schema = await this.mappings.cachedSchema(connection, object);
    const fields = new Map(schema.fields.map((field) => [field.name, field]));

    const result = await this.em.fork().transactional(async (em) => {
      // One upgrade of an object at a time: the second waits and sees the first one's result.
      const base = await em.findOne(
        AppliedDefaults,
        { connection, object },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const before = await this.report(em, connection, object);
      if (input.version !== undefined && input.version !== before.current) {
        throw new DomainError(
          ErrorCode.Conflict,
          `The recommendations are now at version ${before.current}, not ${input.version}`,
          { report: before },
        );
      }
      if (!base) {
        throw new DomainError(ErrorCode.Conflict, 'Set Defaults first: no defaults were applied');
      }
      const byTarget = new Map(before.changes.map((change) => [change.target, change]));
      const problems: FieldProblem[] = input.targets.flatMap((target, index) =>
        byTarget.has(target)
          ? []
          : [{ field: `targets[${index}]`, message: `no reported change for ${target}` }],
      );
      if (problems.length > 0) throw DomainError.invalid(problems);

      const applied: string[] = [];
      const skipped: UpgradeResult['skipped'] = [];
      let accepted = [...base.rows];
      for (const target of new Set(input.targets)) {
        const change = byTarget.get(target) as DriftChange<MappingRow>;
        const recommended = change.recommended;
        if (recommended) {
          const reason = unusableReason(recommended.source, fields.get(target));
          if (reason) {
            skipped.push({ target, reason });
            continue;
          }
          await this.write(em, connection, object, recommended, before.current);
        } else {
          await em.nativeDelete(MappingRow, { connection, object, target });
        }
        accepted = accepted.filter((row) => row.target !== target);
        if (recommended) accepted.push(recommended);
        applied.push(target);
      }
      base.rows = accepted;
      const rows = await em.find(MappingRow, { connection, object });
      const recommendations = this.mappings.recommendations(connection, object);
      const left = diffRecommendations(accepted, recommendations?.rows ?? [], rows);
      if (left.length === 0) base.version = before.current;
      base.appliedAt = new Date();

      return { applied, skipped };
    });
    await this.changes.changed(connection.id);

    return { ...result, report: await this.report(this.em.fork(), connection, object) };
  }

  private async write(
    em: EntityManager,
    connection: Connection,
    object: string,
    recommended: RecommendedMappingRow,
    version: string,
  ): Promise<void> {
    const row =
      (await em.findOne(
        MappingRow,
        { connection, object, target: recommended.target },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      )) ?? em.create(MappingRow, { connection, object, target: recommended.target });
    row.source = recommended.source;
    row.constant = null;
    row.template = null;
    row.valueMap = null;
    row.format = null;
    row.truncate = false;
    row.behaviour = behaviourOf(recommended.behaviour);
    row.defaultsVersion = version;
  }

  private async report(
    em: EntityManager,
    connection: Connection,
    object: string,
  ): Promise<DriftReport> {
    const recommendations = this.mappings.recommendations(connection, object);
    if (!recommendations) {
      throw new DomainError(
        ErrorCode.NotFound,
        `${connection.integration} has no recommended mapping for ${object}`,
      );
    }
    const base = await em.findOne(AppliedDefaults, { connection, object });
    if (!base) {
      return { object, applied: null, current: recommendations.version, changes: [] };
    }
    const rows = await em.find(MappingRow, { connection, object });

    return {
      object,
      applied: base.version,
      current: recommendations.version,
      changes: diffRecommendations(base.rows, recommendations.rows, rows),
    };
  }
}
