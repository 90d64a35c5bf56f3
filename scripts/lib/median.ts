/** Median wall time of `run`, in milliseconds, over `repeats` runs after `warmUp` untimed ones. */
export async function medianMs(run: () => Promise<unknown>, repeats: number, warmUp = 1): Promise<number> {
  for (let i = 0; i < warmUp; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
