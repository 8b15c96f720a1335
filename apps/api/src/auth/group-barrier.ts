/**
 * Shares one asynchronous round trip among every caller that arrives while another is in flight, and never lets a
 * caller be answered by a round trip that started BEFORE it arrived: such a caller waits for the next one, started as
 * soon as the current one ends (group commit, applied to a read barrier). A failed round trip answers false.
 */
export class GroupBarrier {
  private inFlight: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;

  constructor(private readonly roundTrip: () => Promise<boolean>) {}

  wait(): Promise<boolean> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.launch();
    const queued = this.inFlight.then(() => {
      this.queued = null;
      return this.launch();
    });
    this.queued = queued;
    return queued;
  }

  private launch(): Promise<boolean> {
    const p = this.roundTrip().catch(() => false);
    this.inFlight = p;
    void p.then(() => {
      if (this.inFlight === p) this.inFlight = null;
    });
    return p;
  }
}
