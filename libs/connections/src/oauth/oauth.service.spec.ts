import { isAllowedRedirect } from './oauth.service';

describe('isAllowedRedirect', () => {
  const allowList = [
    'https://mobly.example.com/v1/oauth/callback',
    'http://127.0.0.1/v1/oauth/callback',
  ];

  it('accepts a listed URI exactly as listed', () => {
    expect(isAllowedRedirect('https://mobly.example.com/v1/oauth/callback', allowList)).toBe(true);
  });

  it('accepts any port on a loopback entry without a port (RFC 8252)', () => {
    expect(isAllowedRedirect('http://127.0.0.1:49152/v1/oauth/callback', allowList)).toBe(true);
    expect(isAllowedRedirect('http://127.0.0.1/v1/oauth/callback', allowList)).toBe(true);
  });

  it.each([
    ['another host', 'https://attacker.example/v1/oauth/callback'],
    ['another path', 'https://mobly.example.com/v1/oauth/callback/../evil'],
    ['another port on a public host', 'https://mobly.example.com:8443/v1/oauth/callback'],
    ['a query added', 'https://mobly.example.com/v1/oauth/callback?next=evil'],
    ['a fragment', 'https://mobly.example.com/v1/oauth/callback#x'],
    ['user info', 'http://evil@127.0.0.1:5000/v1/oauth/callback'],
    ['https on a loopback http entry', 'https://127.0.0.1:5000/v1/oauth/callback'],
    ['not a URL', 'callback'],
  ])('refuses %s', (_what, uri) => {
    expect(isAllowedRedirect(uri, allowList)).toBe(false);
  });
});
