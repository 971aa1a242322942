/** One benchmark line: `<id> <name>: <ratio> (<absolute>, <size>)` — ratios against a reference from the same run. */
export function report(id: string, name: string, ratio: number, absolute: string, size: string) {
  console.log(`${id} ${name}: ${ratio.toFixed(2)} (${absolute}, ${size})`);
}
