import { ConnectorError } from '@libs/connector-sdk';

import { encodeQuery, readEnvelope } from './http';

const JSON_TYPE = 'application/json;charset=UTF-8';

describe('encodeQuery', () => {
  it('percent-encodes a plus sign so it is not read as a space', () => {
    expect(encodeQuery([['filterValues', ['a+b@x.com', 'c d@x.com']]])).toBe(
      'filterValues=a%2Bb%40x.com,c%20d%40x.com',
    );
    expect(encodeQuery([['fields', 'id,email']])).toBe('fields=id%2Cemail');
  });
});

describe('readEnvelope', () => {
  it('reads success, result, errors and warnings with string codes', () => {
    const envelope = readEnvelope({
      status: 200,
      contentType: JSON_TYPE,
      text: JSON.stringify({
        requestId: 'e42b#14272d07d78',
        success: false,
        errors: [{ code: 601, message: 'Access token invalid' }],
        warnings: ['careful'],
      }),
    });

    expect(envelope).toEqual({
      requestId: 'e42b#14272d07d78',
      success: false,
      result: [],
      errors: [{ code: '601', message: 'Access token invalid' }],
      warnings: ['careful'],
    });
  });

  it('throws for HTTP-level failures and bodies that are not the envelope', () => {
    const tooLarge = () =>
      readEnvelope({
        status: 413,
        contentType: 'text/html',
        text: '<h1>Request Entity Too Large</h1>',
      });
    const gateway = () => readEnvelope({ status: 200, contentType: 'text/html', text: '<html/>' });

    expect(tooLarge).toThrow(ConnectorError);
    expect(tooLarge).toThrow(/UNKNOWN: HTTP_413/);
    expect(gateway).toThrow(/REMOTE_UNAVAILABLE: INVALID_RESPONSE/);
  });
});
