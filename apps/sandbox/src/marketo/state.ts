import { Clock } from './clock';
import { RequestIds } from './envelope';
import { Journal } from './journal';
import { LeadStore } from './leads';
import { UsageMeter, type LimitSettings } from './limits';
import { ListStore, ProgramStore } from './programs';
import { ScenarioBook } from './scenarios';
import { TokenStore } from './tokens';

export interface MarketoSettings extends LimitSettings {
  accessTokenTtlSeconds: number;
  /** Delay before every REST response, to hold calls in flight (615) or time out clients. */
  responseDelayMs: number;
}

/** All mutable state of one emulated instance, shared by its routes and its programmatic API. */
export class MarketoState {
  readonly clock = new Clock();
  readonly tokens: TokenStore;
  readonly leads: LeadStore;
  readonly programs: ProgramStore;
  readonly lists: ListStore;
  readonly usage = new UsageMeter();
  readonly scenarios = new ScenarioBook();
  readonly journal = new Journal();
  readonly requestIds = new RequestIds();
  settings: MarketoSettings;

  constructor(private readonly defaults: MarketoSettings) {
    this.settings = { ...defaults };
    this.tokens = new TokenStore(this.clock, () => this.settings.accessTokenTtlSeconds);
    this.leads = new LeadStore(this.clock);
    this.programs = new ProgramStore(this.leads);
    this.lists = new ListStore(this.leads);
  }

  requestId(): string {
    return this.requestIds.create(this.clock.now());
  }

  reset(): void {
    this.settings = { ...this.defaults };
    this.clock.reset();
    this.tokens.reset();
    this.leads.reset();
    this.programs.reset();
    this.lists.reset();
    this.usage.reset();
    this.scenarios.clear();
    this.journal.clear();
    this.requestIds.reset();
  }
}
