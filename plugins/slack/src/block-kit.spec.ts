import { escapeMrkdwn, leadMessage, syncErrorDigestMessage, truncate } from './block-kit';

describe('leadMessage', () => {
  it('lays out who, where, the qualifier answers and when', () => {
    const content = leadMessage({
      name: 'Jane Doe',
      jobTitle: 'CTO',
      company: 'Acme',
      email: 'jane@acme.example',
      event: 'Expo 2026',
      answers: { 'Lead Type': ['Hot'], Interests: ['Sync', 'Reporting'] },
      capturedAt: '2026-03-02T10:15:00.000Z',
    });

    expect(content.text).toBe('New lead: Jane Doe (CTO, Acme) at Expo 2026');
    expect(content.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'New lead: Jane Doe', emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Title*\nCTO' },
          { type: 'mrkdwn', text: '*Company*\nAcme' },
          { type: 'mrkdwn', text: '*Email*\n<mailto:jane@acme.example|jane@acme.example>' },
          { type: 'mrkdwn', text: '*Event*\nExpo 2026' },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Lead Type:* Hot\n*Interests:* Sync, Reporting' },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Captured <!date^1772446500^{date_short_pretty} at {time}|2026-03-02T10:15:00.000Z>',
          },
        ],
      },
    ]);
  });

  it('leaves out what was not captured', () => {
    const content = leadMessage({ name: 'Someone', answers: { 'Lead Type': [] } });

    expect(content).toEqual({
      text: 'New lead: Someone',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'New lead: Someone', emoji: true } },
      ],
    });
  });

  it("escapes Slack's markup characters in what the rep typed", () => {
    const content = leadMessage({
      name: 'A <b>',
      company: 'R&D <Labs>',
      answers: { 'Q>': ['<1'] },
    });

    expect(content.text).toBe('New lead: A &lt;b&gt; (R&amp;D &lt;Labs&gt;)');
    expect(JSON.stringify(content.blocks)).toContain('*Company*\\nR&amp;D &lt;Labs&gt;');
    expect(JSON.stringify(content.blocks)).toContain('*Q&gt;:* &lt;1');
  });

  it('keeps every text within its Block Kit limit', () => {
    const long = 'x'.repeat(5000);

    const content = leadMessage({ name: long, company: long, answers: { Notes: [long] } });

    const [header, fields, answers] = content.blocks;
    expect(header).toMatchObject({ text: { text: expect.stringMatching(/^[\s\S]{149}…$/) } });
    expect(fields).toMatchObject({ fields: [{ text: expect.stringMatching(/^[\s\S]{1999}…$/) }] });
    expect(answers).toMatchObject({ text: { text: expect.stringMatching(/^[\s\S]{2999}…$/) } });
  });
});

describe('syncErrorDigestMessage', () => {
  it('lists each category with its count, description and help link, most frequent first', () => {
    const content = syncErrorDigestMessage({
      connection: 'Salesforce',
      period: 'in the last hour',
      categories: [
        {
          category: 'AUTH_INVALID',
          count: 1,
          description: 'The connection needs to be authorised again.',
          helpUrl: 'https://help.mobly.example/errors/auth-invalid',
        },
        {
          category: 'DATA_VALUE_VALIDATION',
          count: 4,
          description: 'A value was refused (invalid email, picklist value, too long).',
          helpUrl: 'https://help.mobly.example/errors/data-value-validation',
        },
        { category: 'RATE_LIMITED', count: 0, description: 'unused' },
      ],
      reconciliationUrl: 'https://hub.mobly.example/integrations/salesforce/reconciliation',
    });

    expect(content.text).toBe(
      '5 leads failed to sync to Salesforce in the last hour: DATA_VALUE_VALIDATION 4, AUTH_INVALID 1',
    );
    expect(content.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'Sync errors: Salesforce', emoji: true },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*5 leads failed to sync to Salesforce in the last hour*' },
      },
      { type: 'divider' },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            '*DATA_VALUE_VALIDATION* · 4 leads\n' +
            'A value was refused (invalid email, picklist value, too long).\n' +
            '<https://help.mobly.example/errors/data-value-validation|How to fix it>',
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            '*AUTH_INVALID* · 1 lead\n' +
            'The connection needs to be authorised again.\n' +
            '<https://help.mobly.example/errors/auth-invalid|How to fix it>',
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '<https://hub.mobly.example/integrations/salesforce/reconciliation|Open reconciliation to retry them>',
          },
        ],
      },
    ]);
  });

  it('stays within 50 blocks by summing up the rarest categories', () => {
    const categories = Array.from({ length: 60 }, (_, index) => ({
      category: `CATEGORY_${String(index).padStart(2, '0')}`,
      count: 100 - index,
      description: 'd',
    }));

    const content = syncErrorDigestMessage({ connection: 'HubSpot', categories });

    expect(content.blocks).toHaveLength(50);
    expect(content.blocks.at(-1)).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `…and ${categories.slice(46).reduce((sum, entry) => sum + entry.count, 0)} leads in 14 other categories`,
      },
    });
  });
});

describe('escapeMrkdwn and truncate', () => {
  it('escapes the three reserved characters and never cuts an entity in half', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(truncate('abc&amp;', 6)).toBe('abc…');
    expect(truncate('short', 10)).toBe('short');
  });
});
