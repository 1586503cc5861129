import { Router, type Request, type Response } from 'express';

import { BATCH_RECORD_LIMIT } from '../constants';
import { isRecord, marketoError, sendJson, sendResult } from '../envelope';
import type { ListMembershipResult } from '../programs';
import type { MarketoState } from '../state';
import { PATHS } from './paths';
import { fail, jsonBody, requestIdOf, requestParams } from './shared';

function numericId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

  return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/** Lead ids of a list call: repeated `id=` query parameters, or `{"input":[{"id":…}]}`. */
function listLeadIds(req: Request): number[] | undefined {
  const fromQuery = requestParams(req).getAll('id');
  const input = jsonBody(req).input;
  const raw = fromQuery.length > 0 ? fromQuery : Array.isArray(input) ? input : [];
  const ids: number[] = [];
  for (const item of raw) {
    const id = numericId(isRecord(item) ? item.id : item);
    if (id === undefined) return undefined;
    ids.push(id);
  }

  return ids;
}

/** Program membership (Change Lead Program Status) and static list membership. */
export function programRoutes(state: MarketoState): Router {
  const router = Router();

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/assets/programs#members
  router.post(PATHS.programStatus, (req, res) => {
    const programId = Number(req.params.id);
    const body = jsonBody(req);
    const statusName = body.statusName;
    const input = body.input;
    if (!state.programs.has(programId)) {
      return fail(state, res, marketoError('1013', 'Program not found'));
    }
    if (typeof statusName !== 'string' || statusName.trim() === '') {
      return fail(state, res, marketoError('701', 'statusName cannot be blank'));
    }
    if (!Array.isArray(input) || input.length === 0) {
      return fail(state, res, marketoError('701', 'input cannot be blank'));
    }
    if (input.length > BATCH_RECORD_LIMIT) {
      return fail(
        state,
        res,
        marketoError('1003', `Batch size exceeds the limit of ${BATCH_RECORD_LIMIT}`),
      );
    }
    sendResult(
      res,
      requestIdOf(state, res),
      state.programs.changeStatus(programId, statusName, input),
    );
  });

  /** An asset search that matched nothing: success, no `result`, a warning. */
  const noAssets = (res: Response): void =>
    sendJson(res, 200, {
      success: true,
      errors: [],
      requestId: requestIdOf(state, res),
      warnings: ['No assets found for the given search criteria.'],
    });

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/assets/programs
  router.get(PATHS.program, (req, res) => {
    const program = state.programs.get(Number(req.params.id));
    if (!program) return noAssets(res);
    sendResult(res, requestIdOf(state, res), [
      {
        id: program.id,
        name: program.name,
        description: '',
        type: 'Event',
        channel: program.channel,
        status: '',
        workspace: 'Default',
        folder: { type: 'Folder', value: 45, folderName: 'Events' },
        tags: [],
        costs: null,
      },
    ]);
  });

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/assets/channels
  router.get(PATHS.channelByName, (req, res) => {
    const channel = state.programs.channel(requestParams(req).get('name') ?? '');
    if (!channel) return noAssets(res);
    sendResult(res, requestIdOf(state, res), [
      {
        id: channel.statuses.length,
        name: channel.name,
        applicableProgramType: 'event',
        progressionStatuses: channel.statuses.map((status) => ({
          name: status.name,
          step: status.step,
          success: status.success,
          hidden: false,
          description: '',
        })),
      },
    ]);
  });

  const listCall =
    (operation: (listId: number, ids: number[]) => ListMembershipResult[]) =>
    (req: Request, res: Response): void => {
      const listId = Number(req.params.id);
      const ids = listLeadIds(req);
      if (!state.lists.has(listId))
        return fail(state, res, marketoError('1013', 'Static list not found'));
      if (ids === undefined) return fail(state, res, marketoError('1003', 'Invalid lead id'));
      if (ids.length === 0) return fail(state, res, marketoError('701', 'id cannot be blank'));
      if (ids.length > BATCH_RECORD_LIMIT) {
        return fail(
          state,
          res,
          marketoError('1003', `Batch size exceeds the limit of ${BATCH_RECORD_LIMIT}`),
        );
      }
      sendResult(res, requestIdOf(state, res), operation(listId, ids));
    };

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/static-lists
  router.post(
    PATHS.listLeads,
    listCall((listId, ids) => state.lists.add(listId, ids)),
  );
  router.delete(
    PATHS.listLeads,
    listCall((listId, ids) => state.lists.remove(listId, ids)),
  );
  router.get(
    PATHS.listIsMember,
    listCall((listId, ids) => state.lists.isMember(listId, ids)),
  );

  return router;
}
