/** Binds values into one growing list; every `?` in a condition stands for the value just bound. */
export function binder(values: unknown[] = []) {
  return {
    values,
    bind(sql: string, v: unknown) {
      values.push(v);
      return sql.replaceAll('?', `$${values.length}`);
    },
  };
}
export type Binder = ReturnType<typeof binder>;
