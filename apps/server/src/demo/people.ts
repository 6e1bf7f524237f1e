import { rng } from '@tongxing/db/seed/codes';
import { idCheckChar, type MemberStatus, type ModelWorkerLevel, type WorkerCategory } from '@tongxing/domain';
import { changzhouAreas, eraOf, givenNames, jiangsuAreas, migrantAreas, minorityCodes, mobilePrefixes, streetEmployers, surnameWeights } from './names';

/**
 * Realistic, fictional union members for the demo and the benchmarks, deterministic for a seed: the
 * same seed gives the same people on every machine. Every ID number is valid (GB 11643 check character,
 * gender in the sequence digit) and every mobile number is unique within a generator.
 */
export interface Person {
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string;
  ethnicity: string;
  employer: string;
  joinDate: string;
  status: MemberStatus;
  category: WorkerCategory;
  modelWorkerLevel: ModelWorkerLevel;
  modelWorkerYear: number | null;
  politicalStatus: string;
  education: string;
  tags: string[];
}

/** Where a person is registered: a grassroots union (its employer's) or a street federation (no union at work). */
export interface PersonUnit {
  kind: 'grassroots_union' | 'street_federation';
  /** The employer of a grassroots union's members; null for a street federation. */
  employer: string | null;
}

export interface PeopleOptions {
  seed: number;
  /** No date lies after this one, so the demo does not depend on the day it is installed. */
  today?: string;
  /**
   * Range of the hundreds digit of the ID sequence numbers (default 0–9). Generators with disjoint
   * ranges never draw the same ID number, e.g. the bench's registry and the rows it then imports.
   */
  sequenceHundreds?: [number, number];
  /** Index of the first mobile number: generators with disjoint index ranges never share a number. */
  firstPhone?: number;
}

export const DEMO_TODAY = '2026-10-31';

const allAreas = [...new Set([...changzhouAreas, ...jiangsuAreas, ...migrantAreas])];
const areaIndex = new Map(allAreas.map((a, i) => [a, i]));
const DAY_MS = 86_400_000;

/** Walks a cumulative weight table. */
function weighted<T>(entries: [T, number][]): (r: number) => T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const cumulative = entries.map(([v, w]) => [v, (acc += w / total)] as const);
  return (r) => cumulative.find(([, c]) => r < c)?.[0] ?? entries[entries.length - 1]![0];
}

const pickSurname = weighted(surnameWeights);
const grassrootsCategory = weighted<WorkerCategory>([
  ['industrial', 45], ['migrant', 27], ['professional', 13], ['science_education', 4], ['cadre', 3], ['new_form', 4], ['other', 4],
]);
const streetCategory = weighted<WorkerCategory>([['new_form', 40], ['migrant', 30], ['industrial', 12], ['other', 18]]);
const maleShare: Record<WorkerCategory, number> = {
  industrial: 0.62, migrant: 0.6, new_form: 0.86, professional: 0.5, science_education: 0.45, cadre: 0.52, other: 0.5,
};
const educationBy: Record<WorkerCategory, (r: number) => string> = {
  industrial: weighted([['junior', 15], ['secondary', 50], ['college', 25], ['bachelor', 10]]),
  migrant: weighted([['junior', 55], ['secondary', 38], ['college', 7]]),
  new_form: weighted([['junior', 30], ['secondary', 48], ['college', 17], ['bachelor', 5]]),
  professional: weighted([['college', 25], ['bachelor', 58], ['postgraduate', 17]]),
  science_education: weighted([['bachelor', 45], ['postgraduate', 55]]),
  cadre: weighted([['college', 10], ['bachelor', 65], ['postgraduate', 25]]),
  other: weighted([['junior', 25], ['secondary', 40], ['college', 20], ['bachelor', 15]]),
};
/** Provincial and national model workers are named in these years (about every five years). */
const awardYears = [2000, 2005, 2010, 2015, 2020, 2025];

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function peopleGenerator(opts: PeopleOptions) {
  const next = rng(opts.seed);
  const todayMs = Date.parse(`${opts.today ?? DEMO_TODAY}T00:00:00Z`);
  const thisYear = new Date(todayMs).getUTCFullYear();
  const [loHundreds, hiHundreds] = opts.sequenceHundreds ?? [0, 9];
  let phoneIndex = opts.firstPhone ?? 0;
  const takenIds = new Set<number>();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;

  function givenName(gender: 'M' | 'F', birthYear: number): string {
    const pool = givenNames[gender][eraOf(birthYear)];
    if (chance(0.4)) return pick(pool.whole);
    const chars = [...pool.chars];
    if (chance(pool.single)) return pick(chars);
    const first = pick(chars);
    let second = pick(chars);
    if (second === first) second = pick(chars);
    return first + second;
  }

  function area(category: WorkerCategory): string {
    if (category === 'migrant') return chance(0.7) ? pick(migrantAreas) : pick(jiangsuAreas);
    if (category === 'new_form') return chance(0.5) ? pick(changzhouAreas) : chance(0.6) ? pick(migrantAreas) : pick(jiangsuAreas);
    const r = next();
    return r < 0.85 ? pick(changzhouAreas) : r < 0.95 ? pick(jiangsuAreas) : pick(migrantAreas);
  }

  /** A birth year weighted towards the middle of working life (triangular around 1985). */
  function birthDate(): string {
    const year = 1966 + Math.floor(((next() + next()) / 2) * 40);
    const start = Date.UTC(year, 0, 1);
    const days = (Date.UTC(year + 1, 0, 1) - start) / DAY_MS;
    return iso(start + Math.floor(next() * days) * DAY_MS);
  }

  /** A valid resident ID number, unique within this generator (and across generators with disjoint sequence ranges). */
  function idNumber(areaCode: string, birth: string, gender: 'M' | 'F'): string {
    const day = Date.parse(`${birth}T00:00:00Z`) / DAY_MS + 30_000;
    for (;;) {
      const hundreds = loHundreds + Math.floor(next() * (hiHundreds - loHundreds + 1));
      const units = Math.floor(next() * 5) * 2 + (gender === 'M' ? 1 : 0);
      const seq = hundreds * 100 + Math.floor(next() * 10) * 10 + units;
      const key = (areaIndex.get(areaCode)! * 100_000 + day) * 1000 + seq;
      if (takenIds.has(key)) continue;
      takenIds.add(key);
      const body = `${areaCode}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      return body + idCheckChar(body);
    }
  }

  /** Mobile numbers: a multiplicative bijection of the index on 8 digits, so no two indexes share one. */
  function phone(): string {
    const body = (phoneIndex++ * 73_939_133 + 20_261_128) % 100_000_000;
    return pick(mobilePrefixes) + String(body).padStart(8, '0');
  }

  function modelWorker(birthYear: number, joinYear: number): { level: ModelWorkerLevel; year: number | null } {
    // About 1.5% of all members (300 of the demo's 20,000): 1.7% of those over thirty.
    if (thisYear - birthYear < 30 || !chance(0.017)) return { level: 'none', year: null };
    const earliest = Math.max(birthYear + 28, joinYear);
    const r = next();
    if (r >= 0.8) {
      const years = awardYears.filter((y) => y >= earliest && y <= thisYear);
      if (years.length > 0) return { level: r >= 0.97 ? 'national' : 'provincial', year: pick(years) };
    }
    const from = Math.min(Math.max(birthYear + 25, joinYear), thisYear - 1);
    return { level: 'city', year: from + Math.floor(next() * (thisYear - from)) };
  }

  function status(gender: 'M' | 'F', age: number): MemberStatus {
    // Retirement at 60 for men and 50 for women workers (55 for cadres: kept simple here).
    if ((gender === 'M' ? age >= 60 : age >= 50) && chance(0.45)) return 'retired';
    const r = next();
    return r < 0.015 ? 'withdrawn' : r < 0.02 ? 'transferred_out' : r < 0.021 ? 'deceased' : 'active';
  }

  function political(age: number): string {
    const r = next();
    if (r < 0.12) return '01';
    if (r < 0.125) return '02';
    if (r < 0.13) return '04';
    if (r < 0.132) return '12';
    return age <= 28 && chance(0.55) ? '03' : '13';
  }

  function tags(category: WorkerCategory, gender: 'M' | 'F', level: ModelWorkerLevel): string[] {
    const t: string[] = [];
    if (category === 'new_form' && chance(0.8)) t.push('新就业形态');
    if ((category === 'industrial' || category === 'professional' || level !== 'none') && chance(0.06)) t.push('技术能手');
    if (chance(gender === 'M' ? 0.06 : 0.005)) t.push('退役军人');
    if ((category === 'migrant' || category === 'other' || category === 'new_form') && chance(0.04)) t.push('困难职工');
    else if (chance(0.01)) t.push('困难职工');
    if (level !== 'none' && chance(0.2)) t.push('龙城工匠');
    return t;
  }

  function person(unit: PersonUnit): Person {
    const category = unit.kind === 'street_federation' ? streetCategory(next()) : grassrootsCategory(next());
    const gender = chance(maleShare[category]) ? 'M' : 'F';
    const birth = birthDate();
    const birthYear = Number(birth.slice(0, 4));
    const name = pickSurname(next()) + givenName(gender, birthYear);
    // Date.UTC rolls 29 February over to 1 March in a year without it.
    const adultMs = Date.UTC(birthYear + 18, Number(birth.slice(5, 7)) - 1, Number(birth.slice(8, 10)));
    // Most joined within their years at the current employer: recent dates weigh more.
    const joinMs = adultMs + Math.floor(Math.sqrt(next()) * Math.max(0, todayMs - adultMs) / DAY_MS) * DAY_MS;
    const join = iso(joinMs);
    const mw = modelWorker(birthYear, Number(join.slice(0, 4)));
    const age = thisYear - birthYear;
    const employer = unit.employer ?? pick(category === 'new_form' ? streetEmployers.newForm : streetEmployers.other);
    return {
      name,
      gender,
      birthDate: birth,
      idNumber: idNumber(area(category), birth, gender),
      phone: phone(),
      ethnicity: chance(0.98) ? '01' : pick(minorityCodes),
      employer,
      joinDate: join,
      status: status(gender, age),
      category,
      modelWorkerLevel: mw.level,
      modelWorkerYear: mw.year,
      politicalStatus: political(age),
      education: educationBy[category](next()),
      tags: tags(category, gender, mw.level),
    };
  }

  return { person, random: next };
}

/**
 * How many members each unit gets, summing exactly to `total`: grassroots unions weigh from a few
 * dozen to several hundred (a long tail, like real employers), street federations a share of the rest.
 */
export function spreadMembers(kinds: PersonUnit['kind'][], total: number, seed: number, streetShare = 0.1): number[] {
  const next = rng(seed);
  const unions = kinds.filter((k) => k === 'grassroots_union').length;
  const streets = kinds.length - unions;
  const weights = kinds.map((k) => (k === 'grassroots_union' ? Math.exp(next() * 2.4) : 1));
  const unionTotal = streets > 0 ? Math.round(total * (1 - streetShare)) : total;
  const unionWeight = weights.reduce((s, w, i) => (kinds[i] === 'grassroots_union' ? s + w : s), 0);
  const counts = kinds.map((k, i) =>
    k === 'grassroots_union' ? Math.floor((weights[i]! / unionWeight) * unionTotal) : Math.floor((total - unionTotal) / Math.max(streets, 1)),
  );
  // Rounding leftovers go to the first units, one each.
  let left = total - counts.reduce((s, n) => s + n, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i]!++;
  return counts;
}
