import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const ORIGIN = 'https://app.mobly.example';

describe('A browser app on an allowed origin (CORS_ORIGINS)', () => {
  let t: TestPlatform;
  let key: string;

  beforeAll(async () => {
    t = await startTestPlatform({ env: { CORS_ORIGINS: ORIGIN } });
    key = (await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', { name: 'Browser' })).apiKey;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('may send If-Match with a change, and read ETag and X-Total-Count', async () => {
    const preflight = await fetch(`${t.api.baseUrl}/v1/connections/any`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type,if-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'if-match']),
    );

    const event = await t.api.withKey(key).ok<{ id: string }>('POST', '/v1/events', {
      name: 'Browser Expo',
    });
    const list = await fetch(`${t.api.baseUrl}/v1/events/${event.id}/leads`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${key}` },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('0');
    expect(list.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining(['ETag', 'X-Total-Count']),
    );
  });

  it('gives other origins no CORS headers', async () => {
    const response = await fetch(`${t.api.baseUrl}/health`, {
      headers: { origin: 'https://elsewhere.example' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
