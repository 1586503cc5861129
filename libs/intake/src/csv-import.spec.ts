import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@libs/core';
import { decodeCsv, parseLeadCsv } from './csv-import';

const SAMPLE = readFileSync(join(__dirname, '../../../test/fixtures/sample-leads.csv'), 'utf8');

function problemsOf(content: string): { field: string; message: string }[] {
  try {
    parseLeadCsv(content);
  } catch (error) {
    if (error instanceof DomainError) return error.extensions.errors ?? [];
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('parseLeadCsv', () => {
  it('reads all 22 sample leads with nested company and address', () => {
    const rows = parseLeadCsv(SAMPLE);

    expect(rows).toHaveLength(22);
    expect(rows[0]).toMatchObject({
      firstName: 'Bertha',
      lastName: 'Boxer',
      email: 'bertha@fcof.net',
      jobTitle: 'Director of Vendor Relations',
      company: { name: 'Farmers Coop. of Florida', industry: 'Agriculture' },
      address: { street: '321 Westcott Building', city: 'Tallahassee', state: 'FL' },
      annualRevenue: 900750000,
      rating: 'Hot',
      isEnriched: true,
    });
    expect(rows[2].jobTitle).toBe('SVP, Procurement');
  });

  it('reads captured_at as an ISO 8601 date-time and asks for one otherwise', () => {
    const [row] = parseLeadCsv('email,captured_at\na@b.co,2026-11-02T10:30:00+01:00\n');
    expect(row.capturedAt).toEqual(new Date('2026-11-02T09:30:00Z'));

    expect(problemsOf('email,captured_at\na@b.co,11/02/2026\nc@d.co,1700000000000\n')).toEqual(
      [2, 3].map((line) => ({
        field: `lines[${line}].capturedAt`,
        message: 'capturedAt must be an ISO 8601 date-time, such as 2026-11-02T09:30:00Z',
      })),
    );
  });

  it('names the line and field of every invalid value', () => {
    const problems = problemsOf(
      'first_name,last_name,email,employees\nAda,Lovelace,not-an-email,12\nAlan,Turing,a@b.co,many\n',
    );

    expect(problems.map((problem) => problem.field)).toEqual([
      'lines[2].email',
      'lines[3].employees',
    ]);
  });

  it('reads mixed line endings, naming the line a row starts on past blank lines and multi-line cells', () => {
    const content =
      'first_name,last_name,email\r\n' +
      '\r\n' +
      'Ada,Lovelace,ada@example.com\n' +
      '"Alan\nMathison",Turing,a@b.co\r' +
      'Grace,"Murray\r\nHopper",not-an-email\r\n' +
      '\n' +
      'Edsger,Dijkstra,also-not-an-email';

    expect(problemsOf(content).map((problem) => problem.field)).toEqual([
      'lines[6].email',
      'lines[9].email',
    ]);
    const rows = parseLeadCsv(content.replace(/(not-an-|also-not-an-)email/g, 'x@example.com'));
    expect(rows.map((row) => row.lastName)).toEqual([
      'Lovelace',
      'Turing',
      'Murray\nHopper',
      'Dijkstra',
    ]);
    expect(rows[1].firstName).toBe('Alan\nMathison');
  });

  it('reads the delimiter of a file whose lines end in CR alone', () => {
    const rows = parseLeadCsv('first_name;email;notes\rAda;ada@example.com;one, two, three\r');

    expect(rows).toEqual([
      expect.objectContaining({
        firstName: 'Ada',
        email: 'ada@example.com',
        notes: 'one, two, three',
      }),
    ]);
  });

  it('refuses unknown columns and lists the accepted ones', () => {
    const problems = problemsOf('first_name,shoe_size\nAda,38\n');

    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('columns.shoe_size');
    expect(problems[0].message).toContain('first_name');
  });

  it('refuses an empty file', () => {
    expect(problemsOf('first_name,last_name\n')).toEqual([
      { field: 'file', message: 'has no rows' },
    ]);
  });

  it('reads headers whatever their case, spaces or dashes', () => {
    const [row] = parseLeadCsv('First Name,LAST-NAME, Email \nAda,Lovelace,ada@example.com\n');

    expect(row).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
  });

  it('reads files saved with semicolons or tabs, keeping commas inside values', () => {
    const [semicolon] = parseLeadCsv('first_name;company\nAda;"Babbage, Inc."\n');
    const [tab] = parseLeadCsv('first_name\tcompany\nAda\tAnalytical, Ltd\n');

    expect(semicolon).toMatchObject({ firstName: 'Ada', company: { name: 'Babbage, Inc.' } });
    expect(tab).toMatchObject({ firstName: 'Ada', company: { name: 'Analytical, Ltd' } });
  });

  it('refuses a column named twice instead of keeping one of its values', () => {
    expect(problemsOf('email,first_name,Email\na@example.com,Ada,b@example.com\n')).toEqual([
      { field: 'columns.email', message: 'appears more than once; keep one column per field' },
    ]);
  });

  it('skips rows whose cells are all empty', () => {
    const rows = parseLeadCsv('first_name,email\nAda,ada@example.com\n,\n , \n');

    expect(rows).toHaveLength(1);
    expect(problemsOf('first_name,email\n,\n')).toEqual([
      { field: 'file', message: 'has no rows' },
    ]);
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8, and refuses Latin-1 instead of storing replacement characters', () => {
    expect(decodeCsv(Buffer.from('first_name\nJosé\n', 'utf8'))).toBe('first_name\nJosé\n');
    expect(() => decodeCsv(Buffer.from('first_name\nJos\xe9\n', 'latin1'))).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({
          errors: [expect.objectContaining({ field: 'file' })],
        }),
      }),
    );
  });
});
