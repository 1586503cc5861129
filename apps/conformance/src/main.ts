import './no-proxy-env';

import { startSandbox } from '@app/sandbox';
import { formatReport, runConformance } from '@libs/connector-testkit';

import { conformanceTargets } from './targets';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/**
 * `conformance <connector-id>`: starts the vendor sandbox on a free port, runs the conformance
 * kit against the connector and its emulator, prints the table, and stops the sandbox. Exits 1
 * when a check fails, 2 on a usage error.
 */
async function main(args: string[]): Promise<number> {
  const { targets, problems } = conformanceTargets();
  for (const problem of problems) process.stderr.write(`conformance: ${problem}\n`);
  const known = [...targets.keys()].join(', ');
  const [id, ...rest] = args;
  if (id === undefined || rest.length > 0) {
    process.stderr.write(`usage: npm run conformance -- <connector-id>   (one of: ${known})\n`);

    return EXIT_USAGE;
  }
  const makeTarget = targets.get(id);
  if (!makeTarget) {
    process.stderr.write(`conformance: no target for connector "${id}" (known: ${known})\n`);

    return EXIT_USAGE;
  }

  const sandbox = await startSandbox({ port: 0 });
  try {
    process.stdout.write(`conformance: checking ${id} against the sandbox on ${sandbox.url}\n\n`);
    const started = await makeTarget(sandbox);
    try {
      const report = await runConformance(started.target);
      process.stdout.write(formatReport(report));

      return report.passed ? 0 : EXIT_FAILED;
    } finally {
      await started.stop?.();
    }
  } finally {
    await sandbox.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  },
);
