/**
 * The parameters of one SQL statement, numbered as they are added: filter
 * builders shared by several queries add theirs wherever the statement is.
 */
export class SqlParams {
  readonly values: unknown[];

  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }

  /** `$n` of a new parameter holding `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
