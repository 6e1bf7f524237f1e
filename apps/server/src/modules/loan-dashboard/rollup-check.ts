import type pg from 'pg';

/**
 * The loan dashboard's rollups (migrations 0014, 0015) checked against the raw tables, recomputed the way the
 * dashboard counted before it had them: per loan on its path (`loan_rollups`, `loan_lending_days`), distinct
 * borrowers and enterprises of lent loans per unit and programme and across programmes (`loan_borrower_rollups`),
 * visits on their loan's path (`loan_visit_rollups`), subsidy items in paid batches on their loan's path
 * (`loan_subsidy_rollups`). Returns the rows that differ (none when the rollups are
 * right); zero rows count as absent on both sides.
 */
export interface LoanRollupDifference {
  table: 'loan_rollups' | 'loan_lending_days' | 'loan_borrower_rollups' | 'loan_visit_rollups' | 'loan_subsidy_rollups';
  key: string;
  stored: string;
  recomputed: string;
}

const LENT = `('repaying', 'settled', 'defaulted', 'claimed', 'recovered', 'written_off')`;

/** Stored against recomputed rows over `keys`, comparing `values`; both sides leave out rows whose values are all zero. */
function compare(stored: string, recomputed: string, keys: string[], values: string[]): string {
  const nonZero = (a: string) => values.map((v) => `${a}.${v} <> 0`).join(' or ');
  const tuple = (a: string) => `(${values.map((v) => `${a}.${v}`).join(', ')})`;
  return `
with s as (select * from (${stored}) s where ${nonZero('s')}),
     r as (select * from (${recomputed}) r where ${nonZero('r')})
select concat_ws('/', ${keys.map((k) => `coalesce(s.${k}, r.${k})`).join(', ')}) as key,
       coalesce(concat_ws(',', ${values.map((v) => `s.${v}`).join(', ')}), '') as stored,
       coalesce(concat_ws(',', ${values.map((v) => `r.${v}`).join(', ')}), '') as recomputed
  from s full join r on ${keys.map((k) => `r.${k} = s.${k}`).join(' and ')}
 where ${tuple('s')} is distinct from ${tuple('r')}
 order by 1
 limit 100`;
}

const ROLLUPS_SQL = compare(
  `select org_id, programme_id, state, n, amount_fen, outstanding_fen, jobs_expected, jobs_created, model_workers from loan_rollups`,
  `select a::int as org_id, programme_id, state, count(*)::int as n, sum(coalesce(approved_amount_fen, amount_requested_fen))::bigint as amount_fen,
          sum(principal_outstanding_fen)::bigint as outstanding_fen, sum(jobs_expected)::bigint as jobs_expected, sum(jobs_created)::bigint as jobs_created,
          count(*) filter (where model_worker_level <> 'none')::int as model_workers
     from loans cross join lateral unnest(string_to_array(org_path::text, '.')) a
    group by 1, 2, 3`,
  ['org_id', 'programme_id', 'state'],
  ['n', 'amount_fen', 'outstanding_fen', 'jobs_expected', 'jobs_created', 'model_workers'],
);

const LENDING_SQL = compare(
  `select org_id, programme_id, disbursed_on::text as disbursed_on, n, amount_fen from loan_lending_days`,
  `select a::int as org_id, programme_id, disbursed_on::text as disbursed_on, count(*)::int as n, coalesce(sum(approved_amount_fen), 0)::bigint as amount_fen
     from loans cross join lateral unnest(string_to_array(org_path::text, '.')) a
    where state in ${LENT} and disbursed_on is not null
    group by 1, 2, 3`,
  ['org_id', 'programme_id', 'disbursed_on'],
  ['n', 'amount_fen'],
);

const BORROWERS_SQL = compare(
  `select org_id, programme_id, entrepreneurs, enterprises from loan_borrower_rollups`,
  `select a::int as org_id, p as programme_id, count(distinct member_id)::int as entrepreneurs,
          count(distinct coalesce(enterprise_credit_code, nullif(enterprise_name, '')))::int as enterprises
     from loans cross join lateral unnest(string_to_array(org_path::text, '.')) a
    cross join lateral unnest(array[programme_id, 0]) p
    where state in ${LENT}
    group by 1, 2`,
  ['org_id', 'programme_id'],
  ['entrepreneurs', 'enterprises'],
);

const VISITS_SQL = compare(
  `select org_id, programme_id, state, due_on::text as due_on, n from loan_visit_rollups`,
  `select a::int as org_id, l.programme_id, v.state, (case when v.state = 'done' then '-infinity'::date else v.due_on end)::text as due_on, count(*)::int as n
     from loan_visits v join loans l on l.id = v.loan_id
    cross join lateral unnest(string_to_array(l.org_path::text, '.')) a
    group by 1, 2, 3, 4`,
  ['org_id', 'programme_id', 'state', 'due_on'],
  ['n'],
);

const SUBSIDIES_SQL = compare(
  `select org_id, programme_id, kind, paid_fen from loan_subsidy_rollups`,
  `select a::int as org_id, l.programme_id, i.kind, sum(i.amount_fen)::bigint as paid_fen
     from loan_subsidy_items i join subsidy_batches b on b.id = i.batch_id and b.state = 'paid' join loans l on l.id = i.loan_id
    cross join lateral unnest(string_to_array(l.org_path::text, '.')) a
    group by 1, 2, 3`,
  ['org_id', 'programme_id', 'kind'],
  ['paid_fen'],
);

export async function checkLoanRollups(pool: pg.Pool | pg.PoolClient): Promise<LoanRollupDifference[]> {
  const out: LoanRollupDifference[] = [];
  for (const [table, text] of [
    ['loan_rollups', ROLLUPS_SQL],
    ['loan_lending_days', LENDING_SQL],
    ['loan_borrower_rollups', BORROWERS_SQL],
    ['loan_visit_rollups', VISITS_SQL],
    ['loan_subsidy_rollups', SUBSIDIES_SQL],
  ] as const) {
    const res = await pool.query<{ key: string; stored: string; recomputed: string }>(text);
    out.push(...res.rows.map((r) => ({ table, ...r })));
  }
  return out;
}
