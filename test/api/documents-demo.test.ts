/**
 * The demo county's 2026 工作总结 and a 舆情专报, as a clerk would send them: checked for the defects
 * a reader sees — a past deadline among the next steps, the same assigned task listed once per
 * township, a clerk's name in a county summary, a quotation cut mid-word or nested in the same
 * quotation marks, half-width parentheses, a number that can be split from its unit at a line end,
 * a signature alone on its page, a signature that is not an issuing body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { WORD_JOINER } from '../../server/documents/layout';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { shanghaiDay } from '../../server/platform/calendar';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { unzip, xmlOf } from '../helpers/docx';

const runsText = (runs: readonly (string | { text: string })[]) => runs.map((r) => (typeof r === 'string' ? r : r.text)).join('');
const sectionLines = (d: DraftView, key: string) =>
  d.content.sections.filter((s) => s.key === key).flatMap((s) => s.items.map((i) => (i.kind === 'paragraph' ? runsText(i.runs) : i.kind === 'heading' ? i.text + runsText(i.rest ?? []) : '')));
const allLines = (d: DraftView) => d.content.sections.flatMap((s) => sectionLines(d, s.key));

/** The paragraphs of document.xml: style and text of each. */
function paragraphs(xml: string) {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    xml: m[0],
    style: m[0].match(/<w:pStyle w:val="([^"]+)"/)?.[1] ?? '',
    text: [...m[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  }));
}

describe(`the demo county's documents need no repair [${dialectName}]`, () => {
  let t: TestApp;
  let staff: Agent;
  let county: { id: string; name: string };
  const today = shanghaiDay();

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoIfEmpty(t.db);
    staff = await login(t.app, 'staff', DEMO_PASSWORD);
    county = await t.db.selectFrom('units').select(['id', 'name']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  }, 240_000); // the whole demo county, on a shared machine
  afterAll(() => t.close());

  const draft = async (body: object) => {
    const r = await staff.post('/api/documents/drafts', { unitId: county.id, ...body });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
    return r.body as DraftView;
  };
  const docx = async (d: DraftView) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${d.id}/docx`, headers: { cookie: staff.cookie } });
    expect(r.statusCode).toBe(200);
    return paragraphs(xmlOf(unzip(r.rawPayload), 'word/document.xml'));
  };

  /** What every document must get right, in its content and in its .docx. */
  async function checkDocument(d: DraftView) {
    const lines = allLines(d).filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      // A quotation is cut only after a sentence or clause (……), never mid-word (…).
      expect(line, line).not.toMatch(/(^|[^…])…([^…]|$)/);
      expect(line, line).not.toMatch(/[^。！？；，、：]……/);
      // Quotation marks inside a quotation are single.
      for (const q of line.match(/“[^”]*”/g) ?? []) expect(q.slice(1), line).not.toContain('“');
    }
    const ps = await docx(d);
    const body = ps.filter((p) => p.style.startsWith('GwBody') || p.style.startsWith('GwHeading'));
    for (const p of body) {
      expect(p.text, p.text).not.toMatch(/[()]/); // full-width parentheses in Chinese text
      // A number and its per cent sign or unit word are joined, so no line ends between them.
      expect(p.text, p.text).not.toMatch(/\d(?=[%项个件次人天])/);
      expect(p.text, p.text).not.toMatch(/\d\.(?=\d)/);
    }
    expect(ps.some((p) => p.text.includes(WORD_JOINER))).toBe(true);
    // A briefing names its issuer in the head (报头, 期号, 编发单位 and date) and ends with 报送范围; no signature.
    if (d.content.layout === 'briefing') {
      expect(ps.slice(0, 4).map((p) => p.text)).toEqual(['内部资料', '网信舆情专报', expect.stringMatching(/^第\d+期$/), expect.stringMatching(/^中共示例县委网信办\d{4}年\d{1,2}月\d{1,2}日$/)]);
      expect(ps.at(-1)!.text).toBe('报送：市委网信办');
      expect(ps.some((p) => p.style === 'GwSigner')).toBe(false);
      return;
    }
    // Signed by the issuing office, and the signature keeps the last two paragraphs of text with it.
    const signer = ps.findIndex((p) => p.style === 'GwSigner');
    expect(ps[signer].text).toBe('中共示例县委网信办');
    const before = ps.slice(0, signer).filter((p) => p.style !== 'GwDate');
    const [text2, text1, blank] = before.slice(-3);
    expect(blank.text).toBe('');
    for (const p of [text2, text1, blank]) expect(p.xml).toContain('<w:keepNext/>');
    for (const p of [text2, text1]) {
      expect(p.text.length).toBeGreaterThan(0);
      expect(p.xml).toContain('<w:keepLines/>');
    }
  }

  it('the 2026 summary: next steps by unit and matter, none with a deadline already passed, no clerk named', async () => {
    const summary = await draft({ type: 'summary', period: { kind: 'year', year: 2026 } });
    const next = sectionLines(summary, 'next').filter(Boolean);
    expect(next.length).toBeGreaterThan(1);
    for (const line of next) {
      for (const m of line.matchAll(/(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日前/g)) {
        const day = `${m[1] ?? '2026'}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
        expect(day >= today, `${line}: ${day} is before ${today}`).toBe(true);
      }
    }
    // Each matter once: no two next steps about the same quoted task or problem.
    const matters = next.map((l) => l.match(/“[^”]+”/)?.[0]).filter(Boolean);
    expect(new Set(matters).size).toBe(matters.length);
    // No person of a township is named in the county's next steps.
    const townshipPeople = await t.db.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select('p.name').where('u.parent_id', '=', county.id).execute();
    for (const line of next) for (const p of townshipPeople) expect(line, line).not.toContain(`${p.name}负责`);
    await checkDocument(summary);
  });

  it('a 舆情专报 of the county', async () => {
    const ev = await t.db.selectFrom('case_events').select('id').where('unit_id', '=', county.id).orderBy('created_at').executeTakeFirstOrThrow();
    await checkDocument(await draft({ type: 'case_brief', caseId: ev.id }));
    await checkDocument(await draft({ type: 'case_period', period: { kind: 'year', year: 2026 } }));
  });
});
