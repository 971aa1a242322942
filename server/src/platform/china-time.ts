/** Calendar days in China time (Asia/Shanghai), as YYYY-MM-DD: what "today", "this year" and a date field mean here. */
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

export const chinaDay = (at: Date = new Date()): string => DAY.format(at);
/** The day `n` days from now (negative: before). */
export const chinaDayIn = (n: number): string => chinaDay(new Date(Date.now() + n * 86_400_000));
export const chinaYear = (at: Date = new Date()): number => Number(chinaDay(at).slice(0, 4));
