import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Principal } from '@libs/core';
import type { Org } from '@libs/orgs';
import { AuditLog } from '@libs/audit';
import { generateKey, hashKey, ORG_KEY_PREFIX } from './api-key';
import { ApiKey, OrgRole } from './api-key.entity';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditLog,
  ) {}

  /** Issues a key; the key itself is returned here only, and stored as a digest. */
  async create(
    org: Org,
    input: { role: OrgRole; name?: string },
    actor: Principal,
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const key = generateKey(ORG_KEY_PREFIX);
    const apiKey = this.em.create(ApiKey, {
      org,
      role: input.role,
      name: input.name ?? null,
      keyHash: hashKey(key),
    });
    await this.em.persistAndFlush(apiKey);
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'api_key.created',
      target: { type: 'api_key', id: apiKey.id },
      detail: { role: apiKey.role, name: apiKey.name ?? null },
    });

    return { apiKey, key };
  }

  async list(org: Org): Promise<ApiKey[]> {
    return this.em.find(ApiKey, { org }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Revokes a key at once; revoking it again changes nothing. */
  async revoke(org: Org, id: string, actor: Principal): Promise<ApiKey> {
    const revoked = await this.em.transactional(async (em) => {
      // Revocations of one org take turns, so two at once cannot both leave it keyless.
      await em.execute('SELECT id FROM orgs WHERE id = ? FOR UPDATE', [org.id]);
      const apiKey = await em.findOne(ApiKey, { id, org });
      if (!apiKey) throw DomainError.notFound('API key', id);
      if (apiKey.revokedAt) return { apiKey, now: false };
      const liveAdmins = await em.count(ApiKey, { org, role: OrgRole.Admin, revokedAt: null });
      if (apiKey.role === OrgRole.Admin && liveAdmins === 1) {
        throw new DomainError(
          ErrorCode.Conflict,
          "This is the org's last admin key: issue another admin key before revoking it",
        );
      }
      apiKey.revokedAt = new Date();

      return { apiKey, now: true };
    });
    const { apiKey } = revoked;
    if (!revoked.now) return apiKey;

    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'api_key.revoked',
      target: { type: 'api_key', id: apiKey.id },
      detail: { role: apiKey.role },
    });

    return apiKey;
  }

  /**
   * The live key with this value, whatever its org: authentication happens before any org
   * scope exists.
   */
  async findLive(key: string): Promise<ApiKey | null> {
    return this.em.findOne(
      ApiKey,
      { keyHash: hashKey(key), revokedAt: null },
      { filters: { org: { allOrgs: true } } },
    );
  }
}
