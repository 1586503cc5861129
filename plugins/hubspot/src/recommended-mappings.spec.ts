import { RECOMMENDED_MAPPINGS_VERSION, recommendedMappings } from './recommended-mappings';

describe('recommendedMappings', () => {
  it('maps the lead person onto contacts, overwriting, and keeps notes only when blank', () => {
    const mappings = recommendedMappings('contacts');

    expect(mappings?.version).toBe(RECOMMENDED_MAPPINGS_VERSION);
    expect(mappings?.rows).toContainEqual({
      source: 'email',
      target: 'email',
      behaviour: 'overwrite',
    });
    expect(mappings?.rows).toContainEqual({
      source: 'notes',
      target: 'message',
      behaviour: 'write_if_blank',
    });
  });

  it('only fills companies in', () => {
    const rows = recommendedMappings('companies')?.rows ?? [];

    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.behaviour === 'write_if_blank')).toBe(true);
  });

  it('maps each target once and hands out copies', () => {
    for (const object of ['contacts', 'companies']) {
      const rows = recommendedMappings(object)?.rows ?? [];
      expect(new Set(rows.map((row) => row.target)).size).toBe(rows.length);
    }
    const first = recommendedMappings('contacts');
    first?.rows.splice(0);

    expect(recommendedMappings('contacts')?.rows.length).toBeGreaterThan(0);
  });

  it('recommends nothing for other objects', () => {
    expect(recommendedMappings('deals')).toBeUndefined();
  });
});
