import { calendarDay } from './clock';
import { QUOTA_TIME_ZONE } from './constants';
import { rateLimitMessage, responseError, type MarketoError } from './envelope';

export interface LimitSettings {
  /** Calls allowed in any `rateWindowMs` (606 above it). */
  rateLimitCalls: number;
  rateWindowMs: number;
  /** Calls allowed in flight at once (615 above it). */
  concurrencyLimit: number;
  /** Calls allowed per US-Central calendar day (607 above it). */
  dailyQuota: number;
}

export interface Usage {
  /** Calls counted today (US Central). */
  dailyUsed: number;
  dailyQuota: number;
  /** Calls counted in the current sliding window. */
  windowCalls: number;
  inFlight: number;
}

/**
 * The instance's API limits. A call the limits refuse is not counted, as the docs say of
 * response-level errors; an admitted call counts against the day and the window and stays in
 * flight until its response is sent.
 */
export class UsageMeter {
  private calls: number[] = [];
  private day = '';
  private dailyUsed = 0;
  private inFlight = 0;

  /** Counts the call, or returns the 607 / 606 / 615 error that refuses it. */
  admit(now: number, settings: LimitSettings): MarketoError | undefined {
    this.rollDay(now);
    this.calls = this.calls.filter((at) => at > now - settings.rateWindowMs);
    if (this.dailyUsed >= settings.dailyQuota) return responseError('607');
    if (this.calls.length >= settings.rateLimitCalls) {
      const seconds = Math.round(settings.rateWindowMs / 1000);

      return responseError('606', rateLimitMessage(settings.rateLimitCalls, seconds));
    }
    if (this.inFlight >= settings.concurrencyLimit) return responseError('615');

    this.dailyUsed += 1;
    this.calls.push(now);
    this.inFlight += 1;

    return undefined;
  }

  /** Ends an admitted call. */
  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  usage(now: number, settings: LimitSettings): Usage {
    this.rollDay(now);

    return {
      dailyUsed: this.dailyUsed,
      dailyQuota: settings.dailyQuota,
      windowCalls: this.calls.filter((at) => at > now - settings.rateWindowMs).length,
      inFlight: this.inFlight,
    };
  }

  reset(): void {
    this.calls = [];
    this.day = '';
    this.dailyUsed = 0;
    this.inFlight = 0;
  }

  private rollDay(now: number): void {
    const day = calendarDay(now, QUOTA_TIME_ZONE);
    if (day === this.day) return;
    this.day = day;
    this.dailyUsed = 0;
  }
}
