import { MARKETO_API_VERSION } from '../constants';
import type { MarketoRoute } from '../scenarios';

const REST = `/rest/${MARKETO_API_VERSION}`;
const ASSET = `/rest/asset/${MARKETO_API_VERSION}`;

/** Express paths of the emulated endpoints. */
export const PATHS = {
  token: '/identity/oauth/token',
  describe: `${REST}/leads/describe.json`,
  describe2: `${REST}/leads/describe2.json`,
  leads: `${REST}/leads.json`,
  lead: `${REST}/lead/:id.json`,
  programStatus: `${REST}/programs/:id/members/status.json`,
  listLeads: `${REST}/lists/:id/leads.json`,
  listIsMember: `${REST}/lists/:id/leads/ismember.json`,
  program: `${ASSET}/program/:id.json`,
  channelByName: `${ASSET}/channel/byName.json`,
} as const;

interface RouteRule {
  route: MarketoRoute;
  method: string;
  pattern: RegExp;
}

const escape = (path: string) =>
  path.replace(/[.]/g, '\\.').replace(/:id/g, '\\d+').replace(/\//g, '\\/');

const RULES: RouteRule[] = [
  { route: 'identity', method: 'GET', pattern: new RegExp(`^${escape(PATHS.token)}$`) },
  { route: 'identity', method: 'POST', pattern: new RegExp(`^${escape(PATHS.token)}$`) },
  { route: 'leads.describe', method: 'GET', pattern: new RegExp(`^${escape(PATHS.describe)}$`) },
  { route: 'leads.describe2', method: 'GET', pattern: new RegExp(`^${escape(PATHS.describe2)}$`) },
  { route: 'leads.query', method: 'GET', pattern: new RegExp(`^${escape(PATHS.leads)}$`) },
  { route: 'leads.sync', method: 'POST', pattern: new RegExp(`^${escape(PATHS.leads)}$`) },
  { route: 'lead.get', method: 'GET', pattern: new RegExp(`^${escape(PATHS.lead)}$`) },
  {
    route: 'programs.members.status',
    method: 'POST',
    pattern: new RegExp(`^${escape(PATHS.programStatus)}$`),
  },
  { route: 'lists.leads.add', method: 'POST', pattern: new RegExp(`^${escape(PATHS.listLeads)}$`) },
  {
    route: 'lists.leads.remove',
    method: 'DELETE',
    pattern: new RegExp(`^${escape(PATHS.listLeads)}$`),
  },
  { route: 'program.get', method: 'GET', pattern: new RegExp(`^${escape(PATHS.program)}$`) },
  {
    route: 'channel.byName',
    method: 'GET',
    pattern: new RegExp(`^${escape(PATHS.channelByName)}$`),
  },
  {
    route: 'lists.leads.ismember',
    method: 'GET',
    pattern: new RegExp(`^${escape(PATHS.listIsMember)}$`),
  },
];

/** The route a request is for, after any `_method=GET` override; undefined for unknown ones. */
export function routeOf(method: string, path: string): MarketoRoute | undefined {
  return RULES.find((rule) => rule.method === method && rule.pattern.test(path))?.route;
}

/** True when some route has this path (so another method gets 605, not 610). */
export function isKnownPath(path: string): boolean {
  return RULES.some((rule) => rule.pattern.test(path));
}
