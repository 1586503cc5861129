import {
  chunk,
  ConnectorError,
  ERROR_CATEGORIES,
  isConnectorError,
  type CampaignMember,
  type CampaignMemberResult,
  type NormalisedError,
  type RemoteCampaign,
} from '@libs/connector-sdk';

import type { MarketoApi } from './api';
import { BATCH_RECORD_LIMIT } from './constants';
import { mapMarketoError, normaliseThrown } from './error-map';
import { isRecord, readFailure } from './http';

/** 1037: the lead is already at or past the status, which is what was asked for. */
const ALREADY_AT_STATUS = '1037';

function failure(code: string, message: string): NormalisedError {
  return mapMarketoError({ code, message });
}

function memberResult(key: string, value: unknown): CampaignMemberResult {
  const status = isRecord(value) ? value.status : undefined;
  if (status === 'created' || status === 'updated') return { key, ok: true };
  const reasons = isRecord(value) && Array.isArray(value.reasons) ? value.reasons : [];
  const reason = readFailure(reasons[0]);
  if (status === 'skipped' && reason?.code === ALREADY_AT_STATUS) return { key, ok: true };
  if (status === 'skipped' && reason) return { key, ok: false, error: mapMarketoError(reason) };

  return {
    key,
    ok: false,
    error: failure('NO_RESULT', 'Marketo returned no usable result for the member'),
  };
}

/**
 * Program membership with a program status (Change Lead Program Status), in runs of 300.
 * A lead already at or past the status counts as a member. A run that fails as a whole fails
 * its members; an auth failure, or a failure of every member by a call, throws.
 */
export async function addProgramMembers(
  api: MarketoApi,
  program: { id: string; status?: string },
  members: CampaignMember[],
  defaultStatus: string | undefined,
): Promise<CampaignMemberResult[]> {
  const statusName = program.status?.trim() || defaultStatus?.trim();
  const everyone = (error: NormalisedError) =>
    members.map((member): CampaignMemberResult => ({ key: member.key, ok: false, error }));
  if (!/^\d+$/.test(program.id)) {
    return everyone(failure('INVALID_PROGRAM', `Not a Marketo program id: ${program.id}`));
  }
  if (!statusName) {
    return everyone(
      failure('MISSING_PROGRAM_STATUS', 'No program status given and no default status set'),
    );
  }

  const results: Array<CampaignMemberResult | undefined> = new Array(members.length);
  const sendable: Array<{ index: number; member: CampaignMember; leadId: number }> = [];
  members.forEach((member, index) => {
    if (/^\d+$/.test(member.personId)) {
      sendable.push({ index, member, leadId: Number(member.personId) });

      return;
    }
    results[index] = {
      key: member.key,
      ok: false,
      error: failure('INVALID_LEAD_ID', `Not a Marketo lead id: ${member.personId}`),
    };
  });

  let failedByCall = 0;
  let firstCallError: ConnectorError | undefined;
  for (const run of chunk(sendable, BATCH_RECORD_LIMIT)) {
    try {
      // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/assets/programs#members
      const result = await api.call({
        method: 'POST',
        path: `/programs/${program.id}/members/status.json`,
        body: { statusName, input: run.map((item) => ({ leadId: item.leadId })) },
      });
      run.forEach((item, position) => {
        results[item.index] = memberResult(item.member.key, result[position]);
      });
    } catch (error) {
      const thrown = isConnectorError(error)
        ? error
        : new ConnectorError(normaliseThrown(error), { cause: error });
      if (ERROR_CATEGORIES[thrown.category].connectionLevel) throw thrown;
      firstCallError ??= thrown;
      for (const item of run) {
        results[item.index] = { key: item.member.key, ok: false, error: thrown.error };
        failedByCall += 1;
      }
    }
  }
  if (firstCallError && failedByCall === members.length) throw firstCallError;

  return members.map(
    (member, index): CampaignMemberResult =>
      results[index] ?? {
        key: member.key,
        ok: false,
        error: failure('NO_RESULT', 'The member was not added'),
      },
  );
}

function stringOf(value: unknown, key: string): string | undefined {
  const field = isRecord(value) ? value[key] : undefined;

  return typeof field === 'string' ? field : undefined;
}

/**
 * A program and the statuses of its channel, to check a link before adding members: undefined
 * when Marketo finds no such program (an archived one is not found either).
 */
export async function describeProgram(
  api: MarketoApi,
  programId: string,
  defaultStatus: string | undefined,
): Promise<RemoteCampaign | undefined> {
  if (!/^\d+$/.test(programId)) return undefined;
  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/assets/programs
  const [program] = await api.call({
    method: 'GET',
    path: `/program/${programId}.json`,
    asset: true,
  });
  const name = stringOf(program, 'name');
  if (!name) return undefined;

  const channelName = stringOf(program, 'channel');
  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/assets/channels
  const [channel] = channelName
    ? await api.call({
        method: 'GET',
        path: '/channel/byName.json',
        query: [['name', channelName]],
        asset: true,
      })
    : [];
  const progression =
    isRecord(channel) && Array.isArray(channel.progressionStatuses)
      ? channel.progressionStatuses
      : [];
  const statuses = progression
    .map((status) => stringOf(status, 'name'))
    .filter((status): status is string => status !== undefined);

  return {
    id: programId,
    name,
    active: true,
    statuses,
    ...(defaultStatus?.trim() ? { defaultStatus: defaultStatus.trim() } : {}),
  };
}
