import type { CheckStatus, ConformanceReport } from './report';

const STATUS_LABELS: Readonly<Record<CheckStatus, string>> = {
  pass: 'PASS',
  fail: 'FAIL',
  not_applicable: 'N/A',
};

const TABLE_WIDTH = 120;
const MIN_REASON_WIDTH = 40;

/** Splits text into lines of at most `width` characters, at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);

  return lines;
}

/** The report as a plain-text table: one row per check, then a summary line. */
export function formatReport(report: ConformanceReport): string {
  const titleWidth = Math.max('CHECK'.length, ...report.checks.map((check) => check.title.length));
  const statusWidth = Math.max(
    'RESULT'.length,
    ...Object.values(STATUS_LABELS).map((l) => l.length),
  );
  const indent = statusWidth + titleWidth + 4;
  const reasonWidth = Math.max(MIN_REASON_WIDTH, TABLE_WIDTH - indent);
  const row = (status: string, title: string, reason: string) =>
    `${status.padEnd(statusWidth)}  ${title.padEnd(titleWidth)}  ${reason}`.trimEnd();

  const lines = [
    `Conformance of ${report.connector} ${report.version}`,
    row('RESULT', 'CHECK', 'REASON'),
  ];
  for (const check of report.checks) {
    const [first, ...rest] = wrap(check.reason, reasonWidth);
    lines.push(row(STATUS_LABELS[check.status], check.title, first));
    for (const more of rest) lines.push(`${' '.repeat(indent)}${more}`);
  }

  const count = (status: CheckStatus) =>
    report.checks.filter((check) => check.status === status).length;
  lines.push(
    '',
    `${report.checks.length} checks: ${count('pass')} passed, ${count('fail')} failed, ${count('not_applicable')} not applicable (${(report.durationMs / 1000).toFixed(1)} s) — ${report.passed ? 'CONFORMS' : 'DOES NOT CONFORM'}`,
  );

  return `${lines.join('\n')}\n`;
}
