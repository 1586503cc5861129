import { etagOf, ifMatchVersion } from './etag';

describe('ifMatchVersion', () => {
  it('reads strong, weak and bare row tags', () => {
    expect(ifMatchVersion(etagOf(3))).toBe(3);
    expect(ifMatchVersion('W/"12"')).toBe(12);
    expect(ifMatchVersion('7')).toBe(7);
  });

  it('is undefined without a header and refuses anything else, naming If-Match', () => {
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(() => ifMatchVersion('*')).toThrow(
      expect.objectContaining({
        extensions: { errors: [expect.objectContaining({ field: 'If-Match' })] },
      }),
    );
  });
});
