import { randomBytes } from 'node:crypto';
import { SecretBox } from '@libs/core';
import { issueDashboardToken, readDashboardToken } from './dashboard-tokens';

describe('dashboard tokens', () => {
  const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
  const claims = { actor: 'staff_key:0123456789ab', expiresAt: 2_000 };

  it('reads back the claims of a token it issued, until it expires', () => {
    const token = issueDashboardToken(box, 'session', claims);

    expect(readDashboardToken(box, 'session', token, 1_999)).toEqual(claims);
    expect(readDashboardToken(box, 'session', token, 2_000)).toBeNull();
  });

  it('refuses a token signed for another purpose or by another key', () => {
    const ticket = issueDashboardToken(box, 'ticket', claims);
    const foreign = issueDashboardToken(
      new SecretBox([{ id: 'k1', key: randomBytes(32) }]),
      'session',
      claims,
    );

    expect(readDashboardToken(box, 'session', ticket, 0)).toBeNull();
    expect(readDashboardToken(box, 'session', foreign, 0)).toBeNull();
  });

  it('refuses claims changed after signing, and tokens that are not tokens', () => {
    const token = issueDashboardToken(box, 'session', claims);
    const [, ...signature] = token.split('.');
    const longer = Buffer.from(JSON.stringify({ ...claims, expiresAt: 9_999 })).toString(
      'base64url',
    );

    expect(readDashboardToken(box, 'session', [longer, ...signature].join('.'), 0)).toBeNull();
    expect(readDashboardToken(box, 'session', 'garbage', 0)).toBeNull();
    expect(readDashboardToken(box, 'session', '', 0)).toBeNull();
  });
});
