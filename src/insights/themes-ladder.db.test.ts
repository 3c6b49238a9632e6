import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { isAreaLadderCurrent, rebuildAreaThemeLadder, refreshAreaLadderInBackground } from './area-ladder.ts';
import { drainPendingComments } from './comments.ts';
import { PERIODS, type Period } from './model.ts';
import { themeTrendOf } from './scores.ts';
import { sumThemes } from './store.ts';

/*
 * The themes API reads the theme ladder (whole months, whole weeks and leftover days of
 * insight_theme_rollups_outlet_*) when no moment is asked for. Its answers must be exactly those of
 * the fine table (insight_theme_rollups) for ranges that cut across months and weeks, every period,
 * location subtrees and the journey filter; and it must really be the ladder that answers.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'ladder-visit';
const PREFIX = 'L';
const COMMENTS = [
  'The staff were very friendly',
  'I waited far too long in the queue',
  '排队时间太长了',
  'The price is too high',
  'Очень долго ждал',
  'Clean hall, quick service',
  'Nagyon kedves volt az ügyintéző',
];

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Ladder Telecom'), PREFIX);
  await publishSurvey(org, SURVEY, {
    kind: 'transactional',
    about: { journeyKey: HALL_JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'comment', type: 'text', title: { en: 'Anything else?' } },
    ],
  });
  // 300 commented responses from 2025-12-10 to 2026-03-29, at both outlets (Budapest time and the
  // organisation's UTC) and without a location, at every hour (local days differ from UTC days).
  const locations = [`${PREFIX}-001`, `${PREFIX}-002`, undefined];
  const moments = ['greeting', 'counter', 'leave'];
  const batch = Array.from({ length: 300 }, (_, i) => {
    const location = locations[i % 3];
    return {
      externalId: `l-${i}`,
      surveyKey: SURVEY,
      channel: 'kiosk',
      journeyKey: HALL_JOURNEY,
      momentKey: moments[(i * 7) % 3],
      ...(location ? { locationCode: location } : {}),
      submittedAt: new Date(Date.UTC(2025, 11, 10) + ((i * 7919) % 110) * 86_400_000 + ((i * 37) % 24) * 3_600_000).toISOString(),
      answers: { satisfied: 1 + (i % 5), comment: COMMENTS[i % COMMENTS.length] },
    };
  });
  const response = await org.ingest('POST', '/api/v1/responses', batch);
  expect(response.statusCode, response.body).toBe(201);
  await drainPendingComments(km.database, () => new Date());
}, 180_000);
afterAll(async () => km?.dispose());

const RANGES: [string, string][] = [
  ['2026-01-15', '2026-03-10'], // days, weeks, a whole month, weeks, days
  ['2026-01-01', '2026-03-31'], // whole months only
  ['2025-12-29', '2026-02-01'], // whole ISO weeks across a year end and a month end
  ['2026-02-03', '2026-02-05'], // single days
  ['2025-12-01', '2026-03-29'], // starting before the first comment
];

describe('themes API over the theme ladder', () => {
  it('answers exactly as the fine theme table for ranges across months and weeks, every period, location subtrees and the journey filter', async () => {
    const { region, city, outletB } = org.locations;
    // The API expands a location to its subtree; the fine-table side gets the same ids.
    const subtrees: [string | undefined, string[] | undefined][] = [
      [undefined, undefined],
      [region, [region, city, org.locations.outletA, outletB]],
      [city, [city, org.locations.outletA]],
      [outletB, [outletB]],
    ];
    let compared = 0;
    for (const [from, to] of RANGES) {
      for (const period of [null, ...PERIODS] as (Period | null)[]) {
        for (const [location, locationIds] of subtrees) {
          const journey = compared % 2 === 0 ? HALL_JOURNEY : undefined;
          const query = new URLSearchParams({ from, to, ...(period ? { period } : {}), ...(location ? { location } : {}), ...(journey ? { journey } : {}) });
          const response = await org.call('GET', `/api/v1/insights/themes?${query}`);
          expect(response.statusCode, response.body).toBe(200);
          const fine = await sumThemes(km.database.db, org.member.orgId, { from, to, journeyKey: journey, locationIds }, period, 'fine');
          expect(response.json(), `${query}`).toEqual({ from, to, ...themeTrendOf(fine) });
          compared++;
        }
      }
    }
    expect(compared).toBe(RANGES.length * (PERIODS.length + 1) * subtrees.length);

    // Not vacuous: the region's comments of the cut range, counted independently from the analyses.
    const body = (await org.call('GET', `/api/v1/insights/themes?from=2026-01-15&to=2026-03-10&location=${region}`)).json();
    const { rows } = await km.database.query<{ n: number }>(
      `select count(*)::int as n from insight_comment_analyses where org_id = $1 and analysed_at is not null
         and day between '2026-01-15' and '2026-03-10' and location_id = any($2::text[])`,
      [org.member.orgId, [region, city, org.locations.outletA, outletB]],
    );
    expect(rows[0]!.n).toBeGreaterThan(50);
    expect(body.comments).toEqual([expect.objectContaining({ periodStart: null, mentions: rows[0]!.n })]);
    expect(body.themes.length).toBeGreaterThan(1);
  });

  it('reads the network rung without a location, the area rung for a region, the outlet rung for an outlet, and the fine table with a moment', async () => {
    const orgId = org.member.orgId;
    await rebuildAreaThemeLadder(km.database.db, orgId);
    expect(await isAreaLadderCurrent(km.database.db, orgId)).toBe(true);
    const url = '/api/v1/insights/themes?from=2026-01-15&to=2026-03-10';
    const region = `&location=${org.locations.region}`;
    const outlet = `&location=${org.locations.outletB}`;
    const total = async (suffix = '') => ((await org.call('GET', `${url}${suffix}`)).json().comments as { mentions: number }[]).reduce((sum, row) => sum + row.mentions, 0);
    const before = { network: await total(), region: await total(region), outlet: await total(outlet), moment: await total('&moment=counter') };
    const count = async (table: string, extra = '') =>
      (await km.database.query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1 and month = '2026-02-01' and theme = ''${extra}`, [orgId])).rows[0]!.n;
    const network = await count('insight_theme_rollups_network_month');
    const outlets = await count('insight_theme_rollups_outlet_month', ` and location_id = '${org.locations.outletB}'`);
    const regionRows = await count('insight_theme_rollups_area_month', ` and area_id = '${org.locations.region}'`);
    expect(network).toBeGreaterThan(0);
    expect(outlets).toBeGreaterThan(0);
    expect(regionRows).toBeGreaterThan(0);
    // February is a whole month of the range: only the monthly rows of a rung can answer for it.
    const shift = (table: string, by: number) => km.database.query(`update ${table} set mentions = mentions + ${by} where org_id = $1 and month = '2026-02-01'`, [orgId]);
    const expectShifted = async (table: string, expected: typeof before) => {
      await shift(table, 1000);
      try {
        expect({ network: await total(), region: await total(region), outlet: await total(outlet), moment: await total('&moment=counter') }, table).toEqual(expected);
      } finally {
        await shift(table, -1000);
      }
    };
    await expectShifted('insight_theme_rollups_network_month', { ...before, network: before.network + 1000 * network });
    await expectShifted('insight_theme_rollups_area_month', { ...before, region: before.region + 1000 * regionRows });
    await expectShifted('insight_theme_rollups_outlet_month', { ...before, outlet: before.outlet + 1000 * outlets });
    expect({ network: await total(), region: await total(region), outlet: await total(outlet), moment: await total('&moment=counter') }).toEqual(before);
  });

  it('after a location moves, answers from the outlets until the area rung is rebuilt for the new tree', async () => {
    const orgId = org.member.orgId;
    const { city, outletA, outletB, region } = org.locations;
    await rebuildAreaThemeLadder(km.database.db, orgId);
    const cityThemes = async () => (await org.call('GET', `/api/v1/insights/themes?from=2026-01-15&to=2026-03-10&location=${city}`)).json();
    const fine = async (ids: string[]) => ({ from: '2026-01-15', to: '2026-03-10', ...themeTrendOf(await sumThemes(km.database.db, orgId, { from: '2026-01-15', to: '2026-03-10', locationIds: ids }, null, 'fine')) });
    expect(await cityThemes()).toEqual(await fine([city, outletA]));

    // The Budapest hall moves from the region into the city: the city's themes now include it.
    const moved = await org.call('PATCH', `/api/v1/locations/${outletB}`, { parentId: city });
    expect(moved.statusCode, moved.body).toBe(200);
    try {
      expect(await isAreaLadderCurrent(km.database.db, orgId)).toBe(false);
      const withB = await fine([city, outletA, outletB]);
      expect(withB.comments[0]!.mentions).toBeGreaterThan((await fine([city, outletA])).comments[0]!.mentions);
      // Stale: the outlet rows answer (right), and the request started a rebuild.
      expect(await cityThemes()).toEqual(withB);
      await refreshAreaLadderInBackground(km.database.db, orgId, (error) => {
        throw error;
      });
      expect(await isAreaLadderCurrent(km.database.db, orgId)).toBe(true);
      // Rebuilt: the area rung answers — and right for the new tree.
      const cityRows = (await km.database.query<{ n: number }>(`select count(*)::int as n from insight_theme_rollups_area_month where org_id = $1 and area_id = $2`, [orgId, city])).rows[0]!.n;
      expect(cityRows).toBeGreaterThan(0);
      expect(await cityThemes()).toEqual(withB);
      await km.database.query(`update insight_theme_rollups_area_month set mentions = mentions + 1000 where org_id = $1 and area_id = $2 and month = '2026-02-01' and theme = ''`, [orgId, city]);
      expect((await cityThemes()).comments[0]!.mentions).toBe(withB.comments[0]!.mentions + 1000);
      await km.database.query(`update insight_theme_rollups_area_month set mentions = mentions - 1000 where org_id = $1 and area_id = $2 and month = '2026-02-01' and theme = ''`, [orgId, city]);
    } finally {
      const back = await org.call('PATCH', `/api/v1/locations/${outletB}`, { parentId: region });
      expect(back.statusCode, back.body).toBe(200);
      await rebuildAreaThemeLadder(km.database.db, orgId);
    }
    expect(await cityThemes()).toEqual(await fine([city, outletA]));
  });
});
