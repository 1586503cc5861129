import { InvalidEnvironmentError, parseInstant, validateEnvironment } from './environment';

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

describe('validateEnvironment (legacy sunset)', () => {
  it('has no sunset unless one is set, and reads dates and date-times', () => {
    expect(validateEnvironment({}).LEGACY_SUNSET_AT).toBeUndefined();
    expect(validateEnvironment({}).LEGACY_SUNSET_NOTICE_DAYS).toBe(90);
    for (const value of ['2027-06-30', '2027-06-30T22:00:00Z', '2027-06-30T23:30+02:00']) {
      expect(validateEnvironment({ LEGACY_SUNSET_AT: value }).LEGACY_SUNSET_AT).toBe(value);
    }
    expect(parseInstant('2027-06-30')?.toISOString()).toBe('2027-06-30T00:00:00.000Z');
    expect(parseInstant('2027-06-30T23:30+02:00')?.toISOString()).toBe('2027-06-30T21:30:00.000Z');
  });

  it('refuses a sunset that is not an ISO 8601 date, or not a real day', () => {
    for (const value of ['next june', '30/06/2027', '2027-02-30', '2027-13-01T00:00Z']) {
      expect(() => validateEnvironment({ LEGACY_SUNSET_AT: value })).toThrow('LEGACY_SUNSET_AT');
    }
    expect(() => validateEnvironment({ LEGACY_SUNSET_NOTICE_DAYS: '-1' })).toThrow(
      'LEGACY_SUNSET_NOTICE_DAYS',
    );
  });
});
