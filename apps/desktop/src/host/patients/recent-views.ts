/** Which charts each user viewed recently (memory only, ids only), to tell a refresh from a new view. */
export const VIEW_WINDOW_MS = 15 * 60_000;

export class RecentViews {
  readonly #last = new Map<string, number>();
  constructor(private readonly now: () => Date) {}

  mark(userId: string, patientId: string): void {
    this.#last.set(`${userId}:${patientId}`, this.now().getTime());
    if (this.#last.size > 5000) this.#last.clear();
  }

  seen(userId: string, patientId: string): boolean {
    const t = this.#last.get(`${userId}:${patientId}`);
    return t !== undefined && this.now().getTime() - t < VIEW_WINDOW_MS;
  }
}
