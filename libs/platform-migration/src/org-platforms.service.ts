import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConnectionPlatform } from '@libs/connections';
import { Org } from '@libs/orgs';
import { MIGRATED_CATEGORIES } from './categories';
import { OrgPlatform } from './org-platform.entity';

/** Which platform each category of an org is on. */
@Injectable()
export class OrgPlatforms {
  constructor(private readonly em: EntityManager) {}

  /**
   * Creates an org with every category on `platform`, in one transaction: customers imported
   * from the legacy stack start on legacy, new customers on the new platform.
   */
  async createOrg(name: string, platform: ConnectionPlatform): Promise<Org> {
    return this.em.transactional(async (em) => {
      const org = em.create(Org, { name });
      for (const category of MIGRATED_CATEGORIES)
        em.create(OrgPlatform, { org, category, platform });
      await em.flush();

      return org;
    });
  }

  /** The org's rows in category order (rows an older org lacks are added, on the new platform). */
  async of(orgId: string): Promise<OrgPlatform[]> {
    await this.em.execute(
      `INSERT INTO org_platforms (id, org_id, category, platform, created_at, updated_at)
       SELECT gen_random_uuid(), ?, category, 'new', now(), now()
         FROM (VALUES ${MIGRATED_CATEGORIES.map(() => '(?)').join(', ')}) AS v(category)
       ON CONFLICT (org_id, category) DO NOTHING`,
      [orgId, ...MIGRATED_CATEGORIES],
    );
    const rows = await this.em.find(OrgPlatform, { org: orgId }, { refresh: true });

    return MIGRATED_CATEGORIES.map(
      (category) => rows.find((row) => row.category === category) as OrgPlatform,
    );
  }
}
