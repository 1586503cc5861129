import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { VendorLimits } from '@libs/connector-sdk';
import type { Environment } from '@libs/core';
import { ConnectorRegistry } from '@libs/plugin-host';

export type LimitOverrides = Record<string, Partial<VendorLimits>>;

/** Parses `CONNECTOR_LIMITS` (`hubspot.requestsPerWindow=190,…`, validated at boot). */
export function parseLimitOverrides(value: string | undefined): LimitOverrides {
  const overrides: LimitOverrides = {};
  for (const item of (value ?? '').split(',')) {
    const match = /^\s*([a-z0-9_-]+)\.(\w+)=(\d+)\s*$/.exec(item);
    if (!match) continue;
    const [, connector, limit, number] = match;
    overrides[connector] = { ...overrides[connector], [limit]: Number(number) };
  }

  return overrides;
}

/** What the connector declares, with this deployment's overrides on top. */
export function effectiveLimits(
  declared: VendorLimits,
  override: Partial<VendorLimits> | undefined,
): VendorLimits {
  return { ...declared, ...override };
}

/** The limits the host enforces for each connector. */
@Injectable()
export class ConnectorLimits {
  private readonly overrides: LimitOverrides;

  constructor(
    private readonly registry: ConnectorRegistry,
    config: ConfigService<Environment, true>,
  ) {
    this.overrides = parseLimitOverrides(config.get('CONNECTOR_LIMITS', { infer: true }));
  }

  of(integration: string): VendorLimits {
    return effectiveLimits(this.registry.get(integration).limits, this.overrides[integration]);
  }
}
