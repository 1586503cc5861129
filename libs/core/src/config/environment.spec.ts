import { InvalidEnvironmentError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('gives every variable its default when the environment is empty', () => {
    const env = validateEnvironment({});

    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.RUN_WORKERS).toBe(true);
  });

  it('parses numbers and booleans from strings', () => {
    const env = validateEnvironment({ PORT: '8080', RUN_WORKERS: 'false', SYNC_LINGER_MS: '50' });

    expect(env).toMatchObject({ PORT: 8080, RUN_WORKERS: false, SYNC_LINGER_MS: 50 });
  });

  it('reads the OAuth redirect allow-list as a list of http(s) URLs', () => {
    expect(validateEnvironment({}).OAUTH_REDIRECT_URIS).toEqual([
      'http://127.0.0.1/v1/oauth/callback',
    ]);
    const env = validateEnvironment({
      OAUTH_REDIRECT_URIS: 'https://a.example/v1/oauth/callback, https://b.example/cb',
    });
    expect(env.OAUTH_REDIRECT_URIS).toEqual([
      'https://a.example/v1/oauth/callback',
      'https://b.example/cb',
    ]);
    expect(() => validateEnvironment({ OAUTH_REDIRECT_URIS: 'javascript:alert(1)' })).toThrow(
      'OAUTH_REDIRECT_URIS must list http(s) URLs',
    );
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      validateEnvironment({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const problems = (error as InvalidEnvironmentError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('LOG_LEVEL');
  });
});

describe('validateEnvironment (access)', () => {
  it('reads lists of staff key digests, JWT keys and CORS origins', () => {
    const digest = 'a'.repeat(64);
    const env = validateEnvironment({
      STAFF_API_KEYS: ` ${digest} ,`,
      JWT_KEYS: `hs256:${'s'.repeat(32)}, jwks:https://login.example/jwks.json`,
      CORS_ORIGINS: 'https://hub.mobly.example',
    });

    expect(env.STAFF_API_KEYS).toEqual([digest]);
    expect(env.JWT_KEYS).toHaveLength(2);
    expect(env.CORS_ORIGINS).toEqual(['https://hub.mobly.example']);
    expect(env.RATE_LIMIT_MAX).toBeGreaterThanOrEqual(1000);
  });

  it('refuses a raw staff key, a short HMAC secret and an origin with a path', () => {
    let error: unknown;
    try {
      validateEnvironment({
        STAFF_API_KEYS: 'mobstaff_plain',
        JWT_KEYS: 'hs256:short',
        CORS_ORIGINS: 'https://hub.mobly.example/app',
      });
    } catch (caught) {
      error = caught;
    }

    const problems = (error as InvalidEnvironmentError).problems.join('\n');
    expect(problems).toContain('STAFF_API_KEYS');
    expect(problems).toContain('JWT_KEYS');
    expect(problems).toContain('CORS_ORIGINS');
  });
});
