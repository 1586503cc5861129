import { startSandbox } from './index';

const DEFAULT_PORT = 4010;

/**
 * Runs the vendor sandbox standalone: `SANDBOX_PORT` (default 4010), `SANDBOX_HOST`,
 * `SANDBOX_LATENCY_MS` (added to every vendor call, default 0).
 */
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`SANDBOX_PORT must be a port number: ${process.env.SANDBOX_PORT}`);
  }
  const latencyMs = Number(process.env.SANDBOX_LATENCY_MS ?? 0);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new RangeError(`SANDBOX_LATENCY_MS must be >= 0: ${process.env.SANDBOX_LATENCY_MS}`);
  }
  const sandbox = await startSandbox({
    port,
    host: process.env.SANDBOX_HOST ?? '127.0.0.1',
    latencyMs,
  });
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'sandbox listening', url: sandbox.url, vendors: ['salesforce', 'hubspot', 'marketo', 'slack'] })}\n`,
  );

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
