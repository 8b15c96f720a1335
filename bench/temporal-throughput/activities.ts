/** Bench activity: trivial. */
export function benchActivity(s: string): Promise<string> {
  return Promise.resolve(s + '!');
}
