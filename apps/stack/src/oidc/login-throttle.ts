/**
 * Slows password guessing at the embedded provider: after `maxFailures` wrong passwords for one username within
 * `windowMs`, that username is refused (without checking the password) until the oldest failure leaves the window.
 * A success clears the username's record. Bounded: the oldest usernames are forgotten first.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxTracked = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a sign-in for `username` may be tried now. */
  allows(username: string): boolean {
    return this.recent(username).length < this.maxFailures;
  }

  failed(username: string): void {
    const recent = this.recent(username);
    recent.push(this.now());
    this.failures.delete(username);
    if (this.failures.size >= this.maxTracked) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(username, recent);
  }

  succeeded(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(username) ?? []).filter((t) => t > since);
  }
}
