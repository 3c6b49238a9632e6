// Input checks shared by the statistics functions. Every failure is a RangeError whose message
// starts with the name of the offending argument, so callers (API, CLI) can show it as is.

/** A finite number, or a RangeError naming `name`. */
export function validateFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name}: expected a finite number, got ${describe(value)}`);
  }
  return value;
}

/** A non-negative integer count, or a RangeError naming `name`. */
export function validateCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: expected a non-negative integer count, got ${describe(value)}`);
  }
  return value;
}

/** A confidence level strictly between 0 and 1 (default 0.95). */
export function validateLevel(level: number | undefined, name = 'options.level'): number {
  if (level === undefined) return 0.95;
  if (typeof level !== 'number' || !Number.isFinite(level) || level <= 0 || level >= 1) {
    throw new RangeError(`${name}: a confidence level must be between 0 and 1 (e.g. 0.95), got ${describe(level)}`);
  }
  return level;
}

/** A non-empty array of finite numbers, or a RangeError naming `name` and the bad position. */
export function validateNumberArray(name: string, values: unknown, { allowEmpty = false } = {}): readonly number[] {
  if (!Array.isArray(values)) throw new RangeError(`${name}: expected an array of numbers, got ${describe(values)}`);
  if (!allowEmpty && values.length === 0) throw new RangeError(`${name}: is empty; at least one value is needed`);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}]: expected a finite number, got ${describe(v)}`);
    }
  }
  return values as readonly number[];
}

/**
 * A rectangular matrix given as rows (observations) of columns (variables), all finite.
 * Returns its size.
 */
export function validateMatrix(name: string, rows: unknown): { rows: number; columns: number } {
  if (!Array.isArray(rows)) throw new RangeError(`${name}: expected an array of rows, got ${describe(rows)}`);
  if (rows.length === 0) throw new RangeError(`${name}: is empty; at least one row is needed`);
  const first: unknown = rows[0];
  if (!Array.isArray(first) || first.length === 0) throw new RangeError(`${name}[0]: expected a non-empty array of numbers`);
  const columns = first.length;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row)) throw new RangeError(`${name}[${i}]: expected an array of numbers, got ${describe(row)}`);
    if (row.length !== columns) {
      throw new RangeError(`${name}[${i}]: has ${row.length} columns but row 0 has ${columns} (mismatched lengths)`);
    }
    for (let j = 0; j < columns; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${name}[${i}][${j}]: expected a finite number, got ${describe(v)}`);
      }
    }
  }
  return { rows: rows.length, columns };
}

export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}
