/**
 * Security Lake-shaped Parquet for tests: OCSF rows written with hyparquet-writer (every column
 * OPTIONAL, structs as groups, lists as 3-level LIST, `unmapped` as MAP<string,string>, BigInt as
 * INT64, Date as TIMESTAMP_MILLIS — the column types of the Security Lake tables) and read back with
 * hyparquet the way the S3 handler reads them (plain objects, arrays, BigInt, Date).
 * hyparquet* are ES modules: jest.config.js lets ts-jest transform them.
 */
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

type Kind = { t: 'string' | 'int32' | 'int64' | 'double' | 'boolean' | 'timestamp' | 'map' } | { t: 'list'; of: Kind } | { t: 'struct'; fields: Map<string, Kind> };

interface SchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  repetition_type?: string;
  num_children?: number;
}

function kindOf(v: unknown, key: string, prev: Kind | undefined): Kind | undefined {
  if (v === null || v === undefined) return prev;
  if (key === 'unmapped') return { t: 'map' };
  if (v instanceof Date) return { t: 'timestamp' };
  if (typeof v === 'bigint') return { t: 'int64' };
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 && prev?.t !== 'double' ? (prev?.t === 'int64' ? prev : { t: 'int32' }) : { t: 'double' };
  if (typeof v === 'boolean') return { t: 'boolean' };
  if (typeof v === 'string') return { t: 'string' };
  if (Array.isArray(v)) {
    let of = prev?.t === 'list' ? prev.of : undefined;
    for (const item of v) of = kindOf(item, '', of);
    return { t: 'list', of: of ?? { t: 'string' } };
  }
  const fields = prev?.t === 'struct' ? prev.fields : new Map<string, Kind>();
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    const kind = kindOf(child, k, fields.get(k));
    if (kind) fields.set(k, kind);
    else if (!fields.has(k)) fields.set(k, { t: 'string' });
  }
  return { t: 'struct', fields };
}

function elements(name: string, kind: Kind, out: SchemaElement[]): void {
  const optional = { name, repetition_type: 'OPTIONAL' };
  switch (kind.t) {
    case 'string':
      out.push({ ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' });
      return;
    case 'int32':
      out.push({ ...optional, type: 'INT32' });
      return;
    case 'int64':
      out.push({ ...optional, type: 'INT64' });
      return;
    case 'double':
      out.push({ ...optional, type: 'DOUBLE' });
      return;
    case 'boolean':
      out.push({ ...optional, type: 'BOOLEAN' });
      return;
    case 'timestamp':
      out.push({ ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
      return;
    case 'map':
      out.push({ ...optional, converted_type: 'MAP', num_children: 1 });
      out.push({ name: 'key_value', repetition_type: 'REPEATED', num_children: 2 });
      out.push({ name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
      out.push({ name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
      return;
    case 'list':
      out.push({ ...optional, converted_type: 'LIST', num_children: 1 });
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      elements('element', kind.of, out);
      return;
    case 'struct':
      out.push({ ...optional, num_children: kind.fields.size });
      for (const [k, child] of kind.fields) elements(k, child, out);
      return;
  }
}

/** Nulls for absent struct members, so every row has the shape of the schema. */
function conform(v: unknown, kind: Kind): unknown {
  if (v === null || v === undefined) return null;
  if (kind.t === 'struct') return Object.fromEntries([...kind.fields].map(([k, child]) => [k, conform((v as Record<string, unknown>)[k], child)]));
  if (kind.t === 'list') return (v as unknown[]).map((item) => conform(item, kind.of));
  if (kind.t === 'int64' && typeof v === 'number') return BigInt(v);
  return v;
}

/** Writes OCSF rows as one Parquet file, the schema inferred from the rows. */
export function writeOcsfParquet(rows: ReadonlyArray<Record<string, unknown>>): ArrayBuffer {
  const top: Extract<Kind, { t: 'struct' }> = { t: 'struct', fields: new Map() };
  for (const r of rows) kindOf(r, '', top);
  const schema: SchemaElement[] = [{ name: 'root', num_children: top.fields.size }];
  for (const [k, kind] of top.fields) elements(k, kind, schema);
  const columnData = [...top.fields].map(([name, kind]) => ({ name, data: rows.map((r) => conform(r[name], kind)) }));
  return parquetWriteBuffer({ columnData, schema } as unknown as Parameters<typeof parquetWriteBuffer>[0]);
}

/** Reads every row back as hyparquet yields it. */
export async function readOcsfParquet(buf: ArrayBuffer): Promise<Array<Record<string, unknown>>> {
  return (await parquetReadObjects({ file: buf })) as Array<Record<string, unknown>>;
}
