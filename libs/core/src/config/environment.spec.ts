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
