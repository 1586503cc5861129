import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { DomainError, fieldProblems, nulByteProblems, type FieldProblem } from '@libs/core';
import { LeadFieldsDto } from './lead.dto';

type Converter = (value: string) => unknown;

const text: Converter = (value) => value;
const number: Converter = (value) => (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value);
const boolean: Converter = (value) =>
  ({ true: true, yes: true, '1': true, false: false, no: false, '0': false })[
    value.toLowerCase()
  ] ?? value;

/** CSV column → lead field path and how its text is read. */
export const CSV_COLUMNS: Record<string, { path: string; convert: Converter }> = {
  external_id: { path: 'externalId', convert: text },
  first_name: { path: 'firstName', convert: text },
  last_name: { path: 'lastName', convert: text },
  email: { path: 'email', convert: text },
  job_title: { path: 'jobTitle', convert: text },
  company: { path: 'company.name', convert: text },
  industry: { path: 'company.industry', convert: text },
  website: { path: 'company.website', convert: text },
  phone: { path: 'phone', convert: text },
  mobile_phone: { path: 'mobilePhone', convert: text },
  street: { path: 'address.street', convert: text },
  city: { path: 'address.city', convert: text },
  state: { path: 'address.state', convert: text },
  postal_code: { path: 'address.postalCode', convert: text },
  country: { path: 'address.country', convert: text },
  linkedin_url: { path: 'linkedinUrl', convert: text },
  notes: { path: 'notes', convert: text },
  rating: { path: 'rating', convert: text },
  lead_source: { path: 'leadSource', convert: text },
  annual_revenue: { path: 'annualRevenue', convert: number },
  employees: { path: 'employees', convert: number },
  scan_count: { path: 'scanCount', convert: number },
  captured_by: { path: 'capturedBy', convert: text },
  captured_at: { path: 'capturedAt', convert: text },
  is_enriched: { path: 'isEnriched', convert: boolean },
};

/**
 * The file's text. Only UTF-8 is read: a file saved in another encoding (Latin-1, UTF-16) is
 * refused rather than stored with its accents replaced.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw DomainError.invalid([
      { field: 'file', message: 'is not UTF-8 text; save the CSV as UTF-8 and upload it again' },
    ]);
  }
}

/** `First Name`, `first-name` and `FIRST_NAME` all name the `first_name` column. */
export function columnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of the header line: the one of comma, semicolon and tab it holds most often
 * outside quotes (spreadsheets in many locales save CSV with semicolons).
 */
export function delimiterOf(content: string): string {
  const header = content
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/, 1)[0]
    .replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((delimiter) => header.split(delimiter).length - 1);
  const best = counts.indexOf(Math.max(...counts));

  return counts[best] > 0 ? DELIMITERS[best] : ',';
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.', 2);
  if (tail === undefined) {
    target[head] = value;

    return;
  }
  const nested = (target[head] ??= {}) as Record<string, unknown>;
  nested[tail] = value;
}

/**
 * Reads a lead CSV. Every problem (unknown column, invalid value) is reported at once, naming
 * the line and field; nothing is imported from a file with problems. Rows without an
 * `is_enriched` column count as enriched: an import carries the whole record.
 */
export function parseLeadCsv(content: string): LeadFieldsDto[] {
  return parseLeadCsvLines(content).rows;
}

/**
 * The file's line a row starts on (line 1 is the header): the parser counts lines up to the
 * row's end, and a quoted cell can hold line breaks of its own.
 */
function firstLine(record: Record<string, string>, lastLine: number): number {
  const breaks = Object.values(record).reduce(
    (sum, value) => sum + (value.match(/\n/g)?.length ?? 0),
    0,
  );

  return lastLine - breaks;
}

/** As `parseLeadCsv`, with the file's line number of each row (line 1 is the header). */
export function parseLeadCsvLines(file: string): { rows: LeadFieldsDto[]; lines: number[] } {
  // Files edited on several systems mix line endings; a cell's line breaks become \n too.
  const content = file.replace(/\r\n?/g, '\n');
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let headers: string[] = [];
  try {
    records = parse(content, {
      columns: (header: string[]) => (headers = header.map(columnName)),
      delimiter: delimiterOf(content),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    });
  } catch (error) {
    throw DomainError.invalid([
      { field: 'file', message: error instanceof Error ? error.message : 'not a CSV file' },
    ]);
  }
  const repeated = headers.filter((column, index) => headers.indexOf(column) !== index);
  if (repeated.length > 0) {
    throw DomainError.invalid(
      [...new Set(repeated)].map((column) => ({
        field: `columns.${column}`,
        message: 'appears more than once; keep one column per field',
      })),
    );
  }
  if (records.length === 0) throw DomainError.invalid([{ field: 'file', message: 'has no rows' }]);

  const unknown = headers.filter((column) => !(column in CSV_COLUMNS));
  if (unknown.length > 0) {
    throw DomainError.invalid(
      unknown.map((column) => ({
        field: `columns.${column}`,
        message: `unknown column; accepted: ${Object.keys(CSV_COLUMNS).join(', ')}`,
      })),
    );
  }

  const problems: FieldProblem[] = [];
  const lines: number[] = [];
  // A row of empty cells (`,,,`) is a blank line a spreadsheet saved, not a lead.
  const rows = records.flatMap(({ record, info }) => {
    if (Object.values(record).every((value) => value === '')) return [];
    const line = firstLine(record, info.lines);
    lines.push(line);
    const plain: Record<string, unknown> = { isEnriched: true };
    for (const [column, value] of Object.entries(record)) {
      if (value !== '')
        setPath(plain, CSV_COLUMNS[column].path, CSV_COLUMNS[column].convert(value));
    }
    problems.push(...nulByteProblems(plain, `lines[${line}]`));
    const row = plainToInstance(LeadFieldsDto, plain);
    const errors = validateSync(row, {
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
    });
    problems.push(...fieldProblems(errors, `lines[${line}]`));

    return [row];
  });
  if (problems.length > 0) throw DomainError.invalid(problems);
  if (rows.length === 0) throw DomainError.invalid([{ field: 'file', message: 'has no rows' }]);

  return { rows, lines };
}
