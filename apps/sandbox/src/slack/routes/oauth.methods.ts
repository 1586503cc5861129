import { SLACK_APP, SLACK_BOT, SLACK_INSTALLER, SLACK_WORKSPACE } from '../constants';
import { fail, ok, stringArg } from '../http';
import type { SlackState } from '../state';
import type { BotToken, Installation } from '../tokens';
import type { MethodSpec } from './method';

/** The `oauth.v2.access` answer for an installation and the token just issued. */
export function accessBody(
  state: SlackState,
  installation: Installation,
  token: BotToken,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    app_id: SLACK_APP.appId,
    authed_user: { id: SLACK_INSTALLER.userId },
    scope: installation.scopes.join(','),
    token_type: 'bot',
    access_token: token.token,
    bot_user_id: SLACK_BOT.userId,
    team: { id: SLACK_WORKSPACE.id, name: SLACK_WORKSPACE.name },
    enterprise: null,
    is_enterprise_install: false,
  };
  if (token.expiresAt !== undefined && installation.refreshToken !== undefined) {
    body.refresh_token = installation.refreshToken;
    body.expires_in = Math.max(0, Math.round((token.expiresAt - state.clock.now()) / 1000));
  }

  return body;
}

// https://docs.slack.dev/reference/methods/oauth.v2.access
export const oauthV2Access: MethodSpec = {
  scopes: [],
  authenticated: false,
  handle({ state, args, basic }) {
    const clientId = basic?.id ?? stringArg(args, 'client_id');
    const clientSecret = basic?.secret ?? stringArg(args, 'client_secret');
    if (clientId !== SLACK_APP.clientId) return fail('invalid_client_id');
    if (clientSecret !== SLACK_APP.clientSecret) return fail('bad_client_secret');

    switch (stringArg(args, 'grant_type') ?? 'authorization_code') {
      case 'authorization_code': {
        const code = state.tokens.consumeCode(stringArg(args, 'code') ?? '');
        if (!code) return fail('invalid_code');
        if ((stringArg(args, 'redirect_uri') ?? '') !== code.redirectUri) {
          return fail('bad_redirect_uri');
        }
        const { installation, token } = state.tokens.install(
          code.scopes,
          state.settings.tokenRotation,
        );

        return ok(accessBody(state, installation, token));
      }
      case 'refresh_token': {
        const refreshed = state.tokens.refresh(stringArg(args, 'refresh_token') ?? '');
        if (!refreshed) return fail('invalid_refresh_token');

        return ok(accessBody(state, refreshed.installation, refreshed.token));
      }
      default:
        return fail('invalid_grant_type');
    }
  },
};
