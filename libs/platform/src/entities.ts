import { NotificationRule } from '@libs/alerts';
import { ApiKey } from '@libs/access';
import { AuditEntry } from '@libs/audit';
import { CampaignLink, CampaignMembership } from '@libs/campaigns';
import { Connection, OAuthState } from '@libs/connections';
import { RateBudgetRow } from '@libs/core';
import { Lead } from '@libs/leads';
import { LegacyMappingDraft } from '@libs/legacy';
import { AppliedDefaults, MappingRow, RemoteSchemaCache } from '@libs/mappings';
import { Event, Org } from '@libs/orgs';
import { OrgPlatform } from '@libs/platform-migration';
import { Qualifier, QualifierMapping } from '@libs/qualifiers';
import { ReconciliationAction } from '@libs/reconciliation';
import { ShadowResult, ShadowRun } from '@libs/shadow';
import { SyncRecord, SyncWorkerBeat, SyncWrite } from '@libs/sync';

/** Every stored entity, for the ORM and migrations. */
export const ENTITIES = [
  Org,
  ApiKey,
  AuditEntry,
  Event,
  Lead,
  Connection,
  MappingRow,
  RemoteSchemaCache,
  AppliedDefaults,
  Qualifier,
  QualifierMapping,
  SyncRecord,
  SyncWrite,
  SyncWorkerBeat,
  CampaignLink,
  CampaignMembership,
  ReconciliationAction,
  NotificationRule,
  OAuthState,
  RateBudgetRow,
  ShadowRun,
  ShadowResult,
  OrgPlatform,
  LegacyMappingDraft,
];
