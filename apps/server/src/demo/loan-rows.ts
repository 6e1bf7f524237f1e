import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * A book of loans as table rows, built in memory and then loaded in bulk (the demo with INSERT … SELECT
 * FROM unnest, the benchmark with COPY). Rows refer to each other by position (`loan_id: 3` is the fourth
 * loan of the book); the loader draws real ids from each table's own sequence and maps them, so the app can
 * go on inserting afterwards.
 */
export type Ref = 'loan' | 'repayment' | 'batch' | 'txn' | 'visit';
type Row = Record<string, unknown>;

export interface LedgerLine {
  account: string;
  debitFen: number;
  creditFen: number;
}

export interface LoanBook {
  loans: Row[];
  events: Row[];
  disbursements: Row[];
  schedule: Row[];
  repayments: Row[];
  allocations: Row[];
  claims: Row[];
  batches: Row[];
  subsidyItems: Row[];
  /** Ledger transactions with their lines (entries). */
  ledger: (Row & { lines: LedgerLine[] })[];
  visits: Row[];
  alerts: Row[];
}

export function emptyBook(): LoanBook {
  return { loans: [], events: [], disbursements: [], schedule: [], repayments: [], allocations: [], claims: [], batches: [], subsidyItems: [], ledger: [], visits: [], alerts: [] };
}

/** [column, PostgreSQL type, the book's list it refers to by position]. */
type Col = [name: string, type: string, ref?: Ref];

interface TableSpec {
  table: string;
  rows: (b: LoanBook) => Row[];
  cols: Col[];
  /** Which of the book's lists this table's own `id` is drawn for (the id column is then written explicitly). */
  owns?: Ref;
  /** `generated always` identity columns need OVERRIDING SYSTEM VALUE for explicit ids. */
  always?: boolean;
}

const tables: TableSpec[] = [
  {
    table: 'loans',
    rows: (b) => b.loans,
    owns: 'loan',
    cols: [
      ['id', 'int', 'loan'], ['reference', 'varchar'], ['programme_id', 'int'], ['product_id', 'int'], ['member_id', 'int'], ['org_id', 'int'],
      ['org_path', 'ltree'], ['district_id', 'int'], ['partner_paths', 'ltree[]'], ['bank_org_id', 'int'], ['insurer_org_id', 'int'],
      ['guarantor_org_id', 'int'], ['borrower_type', 'varchar'], ['amount_requested_fen', 'bigint'], ['term_requested_months', 'smallint'],
      ['purpose', 'varchar'], ['enterprise_name', 'varchar'], ['enterprise_credit_code', 'varchar'], ['enterprise_founded_on', 'date'],
      ['enterprise_employees', 'int'], ['enterprise_industry', 'varchar'], ['jobs_expected', 'int'], ['declares_no_bad_credit', 'boolean'],
      ['model_worker_level', 'varchar'], ['priority', 'boolean'], ['state', 'varchar'], ['step_index', 'smallint'], ['step_org_id', 'int'],
      ['step_org_path', 'ltree'], ['step_entered_at', 'timestamptz'], ['approved_amount_fen', 'bigint'], ['annual_rate_bps', 'int'],
      ['term_months', 'smallint'], ['repayment_method', 'varchar'], ['contract_no', 'varchar'], ['policy_no', 'varchar'], ['guarantee_no', 'varchar'],
      ['disbursed_on', 'date'], ['maturity_on', 'date'], ['principal_outstanding_fen', 'bigint'], ['next_due_on', 'date'], ['settled_on', 'date'],
      ['defaulted_on', 'date'], ['jobs_created', 'int'], ['created_by', 'int'], ['submitted_at', 'timestamptz'], ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  {
    table: 'loan_events',
    rows: (b) => b.events,
    cols: [
      ['loan_id', 'int', 'loan'], ['at', 'timestamptz'], ['event', 'varchar'], ['from_state', 'varchar'], ['to_state', 'varchar'], ['step_index', 'smallint'],
      ['step_key', 'varchar'], ['actor_user_id', 'int'], ['actor_name', 'varchar'], ['actor_org_id', 'int'], ['comment', 'varchar'], ['data', 'jsonb'],
    ],
  },
  {
    table: 'loan_disbursements',
    rows: (b) => b.disbursements,
    cols: [
      ['loan_id', 'int', 'loan'], ['amount_fen', 'bigint'], ['disbursed_on', 'date'], ['bank_txn_ref', 'varchar'], ['status', 'varchar'],
      ['recorded_by', 'int'], ['recorded_at', 'timestamptz'], ['confirmed_by', 'int'], ['confirmed_at', 'timestamptz'],
    ],
  },
  {
    table: 'loan_schedule',
    rows: (b) => b.schedule,
    cols: [['loan_id', 'int', 'loan'], ['k', 'smallint'], ['due_on', 'date'], ['opening_fen', 'bigint'], ['principal_fen', 'bigint'], ['interest_fen', 'bigint'], ['payment_fen', 'bigint']],
  },
  {
    table: 'loan_repayments',
    rows: (b) => b.repayments,
    owns: 'repayment',
    always: true,
    cols: [
      ['id', 'int', 'repayment'], ['loan_id', 'int', 'loan'], ['paid_on', 'date'], ['amount_fen', 'bigint'], ['source', 'varchar'], ['bank_txn_ref', 'varchar'],
      ['recorded_by', 'int'], ['recorded_at', 'timestamptz'],
    ],
  },
  {
    table: 'loan_repayment_allocations',
    rows: (b) => b.allocations,
    cols: [['repayment_id', 'int', 'repayment'], ['loan_id', 'int', 'loan'], ['k', 'smallint'], ['interest_fen', 'bigint'], ['principal_fen', 'bigint']],
  },
  {
    table: 'loan_claims',
    rows: (b) => b.claims,
    cols: [
      ['loan_id', 'int', 'loan'], ['loss_fen', 'bigint'], ['union_share_fen', 'bigint'], ['insurer_share_fen', 'bigint'], ['bank_share_fen', 'bigint'],
      ['guarantor_share_fen', 'bigint'], ['recovered_fen', 'bigint'], ['written_off_fen', 'bigint'], ['claimed_at', 'timestamptz'], ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'subsidy_batches',
    rows: (b) => b.batches,
    owns: 'batch',
    cols: [
      ['id', 'int', 'batch'], ['programme_id', 'int'], ['kind', 'varchar'], ['item_count', 'int'], ['total_fen', 'bigint'], ['state', 'varchar'],
      ['prepared_by', 'int'], ['prepared_at', 'timestamptz'], ['approved_by', 'int'], ['approved_at', 'timestamptz'], ['paid_by', 'int'],
      ['paid_at', 'timestamptz'], ['payment_ref', 'varchar'],
    ],
  },
  {
    table: 'loan_subsidy_items',
    rows: (b) => b.subsidyItems,
    cols: [['loan_id', 'int', 'loan'], ['programme_id', 'int'], ['kind', 'varchar'], ['k', 'smallint'], ['amount_fen', 'bigint'], ['earned_on', 'date'], ['batch_id', 'int', 'batch']],
  },
  {
    table: 'ledger_transactions',
    rows: (b) => b.ledger,
    owns: 'txn',
    always: true,
    cols: [
      ['id', 'bigint', 'txn'], ['programme_id', 'int'], ['kind', 'varchar'], ['loan_id', 'int', 'loan'], ['batch_id', 'int', 'batch'], ['memo', 'varchar'],
      ['posted_on', 'date'], ['posted_at', 'timestamptz'], ['posted_by', 'int'],
    ],
  },
  {
    table: 'ledger_entries',
    rows: (b) => b.ledger.flatMap((t, i) => t.lines.map((l) => ({ txn_id: i, programme_id: t.programme_id, account: l.account, debit_fen: l.debitFen, credit_fen: l.creditFen }))),
    cols: [['txn_id', 'bigint', 'txn'], ['programme_id', 'int'], ['account', 'varchar'], ['debit_fen', 'bigint'], ['credit_fen', 'bigint']],
  },
  {
    table: 'loan_visits',
    rows: (b) => b.visits,
    owns: 'visit',
    always: true,
    cols: [
      ['id', 'int', 'visit'], ['loan_id', 'int', 'loan'], ['seq', 'smallint'], ['label', 'varchar'], ['due_on', 'date'], ['org_id', 'int'], ['org_path', 'ltree'],
      ['state', 'varchar'], ['done_on', 'date'], ['done_by', 'int'], ['operating_status', 'varchar'], ['jobs_created', 'int'], ['use_of_funds', 'varchar'],
      ['risk_flag', 'boolean'], ['risk_note', 'varchar'], ['problems', 'varchar'], ['help_needed', 'varchar'], ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'alerts',
    rows: (b) => b.alerts,
    cols: [['org_id', 'int'], ['org_path', 'ltree'], ['kind', 'varchar'], ['loan_id', 'int', 'loan'], ['visit_id', 'int', 'visit'], ['message', 'varchar'], ['created_at', 'timestamptz']],
  },
];

type Ids = Record<Ref, number[]>;

async function drawIds(client: pg.ClientBase, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = await client.query<{ id: string }>(`select nextval(pg_get_serial_sequence($1, 'id'))::text as id from generate_series(1, $2::int)`, [table, n]);
  return res.rows.map((r) => Number(r.id));
}

/** A column's value for the database: the table's own id is drawn for the row's position. */
function value(row: Row, index: number, spec: TableSpec, [name, type, ref]: Col, ids: Ids): unknown {
  const v = name === 'id' && spec.owns ? index : row[name];
  if (v === null || v === undefined) return null;
  if (ref) return ids[ref][v as number] ?? (() => { throw new Error(`${name} refers to ${ref} #${String(v)}, which the book does not hold`); })();
  if (type === 'jsonb') return JSON.stringify(v);
  if (type === 'ltree[]') return `{${(v as string[]).join(',')}}`;
  return v;
}

/** Text types the arrays travel as, where pg has no array parameter of the column's own type. */
const carrier = (type: string) => (type === 'jsonb' || type === 'ltree[]' || type === 'ltree' ? 'text' : type);

async function insertUnnest(client: pg.ClientBase, spec: TableSpec, rows: Row[], ids: Ids, batch = 5_000) {
  const names = spec.cols.map(([n]) => n);
  const from = `unnest(${spec.cols.map(([, type], i) => `$${i + 1}::${carrier(type)}[]`).join(', ')}) as t(${names.join(', ')})`;
  const select = spec.cols.map(([n, type]) => (carrier(type) === type ? n : `${n}::${type}`)).join(', ');
  const sql = `insert into ${spec.table} (${names.join(', ')}) ${spec.always ? 'overriding system value ' : ''}select ${select} from ${from}`;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await client.query(sql, spec.cols.map((c) => chunk.map((r, j) => value(r, i + j, spec, c, ids))));
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyField = (v: unknown) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!));

async function insertCopy(client: pg.ClientBase, spec: TableSpec, rows: Row[], ids: Ids) {
  const names = spec.cols.map(([n]) => n);
  const stream = client.query(copyFrom(`copy ${spec.table} (${names.join(', ')}) from stdin`));
  let chunk = '';
  for (const [i, r] of rows.entries()) {
    chunk += `${spec.cols.map((c) => copyField(value(r, i, spec, c, ids))).join('\t')}\n`;
    if (i % 1000 === 999) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk) stream.write(chunk);
  stream.end();
  await finished(stream);
}

/**
 * Loads the book inside the caller's transaction, parents before children. (COPY writes explicit values into
 * `generated always` identity columns as INSERT … OVERRIDING SYSTEM VALUE does.)
 */
export async function loadBook(client: pg.ClientBase, book: LoanBook, mode: 'unnest' | 'copy' = 'unnest', log?: (line: string) => void): Promise<Ids> {
  const ids: Ids = { loan: [], repayment: [], batch: [], txn: [], visit: [] };
  for (const spec of tables) if (spec.owns) ids[spec.owns] = await drawIds(client, spec.table, spec.rows(book).length);
  for (const spec of tables) {
    const started = performance.now();
    const rows = spec.rows(book);
    if (mode === 'copy') await insertCopy(client, spec, rows, ids);
    else await insertUnnest(client, spec, rows, ids);
    log?.(`[loans]   ${spec.table}: ${rows.length.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return ids;
}
