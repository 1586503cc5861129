import type { Args, SlackReply } from '../http';
import type { SlackState } from '../state';
import type { Installation } from '../tokens';

/** The token a call was made with and the installation it belongs to. */
export interface Caller {
  token: string;
  installation: Installation;
}

export interface MethodCall {
  state: SlackState;
  args: Args;
  /** Set for authenticated methods once the token was accepted. */
  caller?: Caller;
  /** HTTP Basic client credentials (`oauth.v2.access`). */
  basic?: { id: string; secret: string };
}

/** One Web API method: the bot scopes it needs (any one of them) and its handler. */
export interface MethodSpec {
  scopes: readonly string[];
  /** False for `oauth.v2.access`, which authenticates the app instead of a token. */
  authenticated: boolean;
  handle(call: MethodCall): SlackReply;
}

export function callerOf(call: MethodCall): Caller {
  if (!call.caller) throw new Error('an authenticated method ran without a caller');

  return call.caller;
}
