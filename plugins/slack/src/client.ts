import {
  ConnectorError,
  type ConnectorClient,
  type Credentials,
  type NotifyMessage,
  type NotifyResult,
  type ObjectName,
  type RemoteSchema,
  type Settings,
  type TestConnectionResult,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';

import { POST_SPACING_MS } from './constants';
import { mapSlackError, normaliseThrown } from './error-map';
import { postMessages } from './notify';
import { Pacer } from './pacer';
import type { SlackSession } from './session';

/** A Slack workspace the app is installed in, per connection. Slack stores messages, not records. */
export class SlackClient implements ConnectorClient {
  /** chat.postMessage takes about one message per second: this client's posts keep to it. */
  private readonly pacer = new Pacer(POST_SPACING_MS);

  constructor(
    private readonly session: SlackSession,
    private readonly settings: Settings,
  ) {}

  async testConnection(): Promise<TestConnectionResult> {
    try {
      // https://docs.slack.dev/reference/methods/auth.test
      const identity = await this.session.run((client) => client.auth.test());

      return {
        ok: true,
        account: `${identity.team ?? 'workspace'} (${identity.team_id ?? '?'}) as @${identity.user ?? 'bot'}`,
      };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  refreshCredentials(): Promise<Credentials> {
    return this.session.refresh();
  }

  async describe(object: ObjectName): Promise<RemoteSchema> {
    const detail = `(no ${object} to describe).`;

    throw new ConnectorError(mapSlackError({ code: 'NOT_SUPPORTED', detail }));
  }

  /** Never called for a notify-only connector; every record is answered as not stored. */
  async upsert(_object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    return records.map((record) => ({
      key: record.key,
      ok: false,
      error: mapSlackError({ code: 'NOT_SUPPORTED' }),
    }));
  }

  notify(messages: NotifyMessage[]): Promise<NotifyResult[]> {
    return postMessages(this.session, this.pacer, messages, this.settings.channel);
  }
}
