import { SLACK_BOT, SLACK_WORKSPACE } from '../constants';
import { SLACK_FIXTURES } from '../fixtures';
import { booleanArg, ok } from '../http';
import { callerOf, type MethodSpec } from './method';

const { ok: _ok, ...AUTH_TEST_SHAPE } = SLACK_FIXTURES.authTestOk;

// https://docs.slack.dev/reference/methods/auth.test
export const authTest: MethodSpec = {
  scopes: [],
  authenticated: true,
  handle() {
    return ok({
      ...AUTH_TEST_SHAPE,
      url: SLACK_WORKSPACE.url,
      team: SLACK_WORKSPACE.name,
      user: SLACK_BOT.name,
      team_id: SLACK_WORKSPACE.id,
      user_id: SLACK_BOT.userId,
      bot_id: SLACK_BOT.botId,
      is_enterprise_install: false,
    });
  },
};

// https://docs.slack.dev/reference/methods/auth.revoke
export const authRevoke: MethodSpec = {
  scopes: [],
  authenticated: true,
  handle(call) {
    const test = booleanArg(call.args, 'test');
    if (!test) call.state.tokens.revokeToken(callerOf(call).token);

    return ok({ revoked: !test });
  },
};
