import { Input, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { type DocContent, type DocItem, type DocRun, type DocSection, HEAD_SLOTS } from '../../../../common/documents';
import { HeadingCounter } from '../../../../common/numbering';

/** Non-blank lines of a slot text: what the .docx will hold (server/documents/render.ts does the same). */
const slotLines = (v: string | undefined) => (v ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** Whether a section will appear in the .docx: it has generated items, or a slot with text. */
export function sectionShows(s: DocSection, slots: Record<string, string>) {
  return s.items.some((i) => (i.kind === 'slot' ? slotLines(slots[i.key]).length > 0 : true));
}

/** While paragraphs are unsaved, record links open in a new tab so the edits are not lost. */
function Runs({ runs, newTab }: { runs: readonly DocRun[]; newTab?: boolean }) {
  return (
    <>
      {runs.map((r, i) => {
        if (typeof r === 'string') return <span key={i}>{r}</span>;
        if (!r.link) return <span key={i}>{r.text}</span>;
        return (
          <Link key={i} to={r.link} className="doc-figure" data-figure={r.figure} title="查看这些记录" {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}>
            {r.text}
          </Link>
        );
      })}
    </>
  );
}

const paper: React.CSSProperties = {
  background: '#fff', maxWidth: 794, margin: '0 auto', padding: 'clamp(16px, 6vw, 64px)', boxShadow: '0 1px 6px rgba(0,0,0,.12)',
  fontFamily: '"FangSong", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", serif', fontSize: 'clamp(15px, 2.6vw, 18px)', lineHeight: 1.9,
};
const indent: React.CSSProperties = { textIndent: '2em', margin: 0 };

/**
 * A draft as it will read: title, numbered headings (numbered only where the section will appear
 * in the .docx), figures as links to their records, and the user's slots as text boxes (or, read
 * only, as the text they hold).
 */
export function Preview(props: { content: DocContent; slots: Record<string, string>; onSlot?: (key: string, value: string) => void; signDay: string; newTab?: boolean }) {
  const { content, slots, onSlot } = props;
  const counter = new HeadingCounter();
  const b = content.briefing;
  const own = (key: string) => slotLines(slots[key]).join('');
  /** A line of the head the user may change (主送机关, 报送范围): a text box showing the generated value until replaced. */
  const headField = (key: string, label: string, generated: string | null, read: (v: string) => React.ReactNode) => {
    if (!onSlot) return own(key) || generated ? read(own(key) || generated!) : null;
    return (
      <div className="doc-slot" style={{ margin: '6px 0', fontFamily: 'initial', fontSize: 14, lineHeight: 1.6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>✎ {label}{generated ? `(不填则为：${generated})` : ''}</Typography.Text>
        <Input aria-label={label} data-slot={key} value={slots[key] ?? ''} placeholder={generated ?? `请填写${label}`} maxLength={200} onChange={(e) => onSlot(key, e.target.value)} />
      </div>
    );
  };
  const item = (it: DocItem, i: number, shows: boolean) => {
    switch (it.kind) {
      case 'heading': {
        const marker = shows ? counter.next(it.level) : '';
        const font = it.level === 2 ? '"KaiTi", "楷体_GB2312", serif' : undefined;
        return <p key={i} style={{ ...indent, fontFamily: font }}>{marker}{it.text}{it.rest && <Runs runs={it.rest} newTab={props.newTab} />}</p>;
      }
      case 'paragraph':
        return <p key={i} style={indent}><Runs runs={it.runs} newTab={props.newTab} /></p>;
      case 'table':
        return (
          <div key={i} style={{ overflowX: 'auto', margin: '8px 0' }}>
            <table className="doc-table">
              <thead><tr>{it.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
              <tbody>{it.rows.map((r, n) => <tr key={n}>{r.map((c, k) => <td key={k}>{it.link && k === 0 ? <Link to={it.link} className="doc-figure">{c}</Link> : c}</td>)}</tr>)}</tbody>
            </table>
          </div>
        );
      case 'slot':
        if (!onSlot) return slotLines(slots[it.key]).map((l, n) => <p key={`${i}-${n}`} style={indent}>{l}</p>);
        return (
          <div key={i} className="doc-slot" style={{ margin: '6px 0', fontFamily: 'initial', fontSize: 14, lineHeight: 1.6 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>✎ {it.label}</Typography.Text>
            <Input.TextArea
              aria-label={it.label}
              data-slot={it.key}
              value={slots[it.key] ?? ''}
              placeholder={it.hint}
              autoSize={{ minRows: 1, maxRows: 12 }}
              onChange={(e) => onSlot(it.key, e.target.value)}
              maxLength={5000}
            />
          </div>
        );
    }
  };
  return (
    <div style={paper} data-testid="doc-preview">
      {content.mark && <p data-testid="doc-mark" style={{ margin: 0, fontFamily: '"SimHei", "黑体", "Noto Sans CJK SC", sans-serif' }}>{content.mark}</p>}
      {b && (
        <div data-testid="doc-briefing-head" style={{ marginBottom: '1.2em' }}>
          <div style={{ textAlign: 'center', color: '#e00', fontFamily: '"方正小标宋简体", "Noto Serif CJK SC", serif', fontSize: 'clamp(22px, 7.5vw, 2.2em)', lineHeight: 1.4, letterSpacing: '0.1em' }}>{b.masthead}</div>
          {b.issue && <div style={{ textAlign: 'center' }}>{b.issue}</div>}
          <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8, borderBottom: '2px solid #e00', paddingBottom: 4 }}>
            <span>{b.issuer}</span><span>{props.signDay}</span>
          </div>
        </div>
      )}
      <h2 style={{ textAlign: 'center', fontFamily: '"方正小标宋简体", "Noto Serif CJK SC", serif', fontWeight: 'normal', fontSize: '1.4em', lineHeight: 1.6, margin: '0 0 1.2em' }}>
        {content.title}
      </h2>
      {!b && content.recipientEditable && headField(HEAD_SLOTS.recipient, '主送机关', content.recipient, (v) => <p style={{ margin: 0 }}>{v}：</p>)}
      {!b && !content.recipientEditable && content.recipient && <p style={{ margin: 0 }}>{content.recipient}：</p>}
      {content.sections.map((s) => {
        const shows = sectionShows(s, slots);
        return (
          <section key={s.key} data-section={s.key} style={{ opacity: shows || onSlot ? 1 : 0.5 }}>
            {s.heading && (
              <p style={{ ...indent, fontFamily: '"SimHei", "黑体", "Noto Sans CJK SC", sans-serif', color: shows ? undefined : '#6e6e6e' }}>
                {shows ? counter.next(1) : ''}{s.heading}
                {!shows && <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>(暂无内容，文稿中不出现)</Typography.Text>}
              </p>
            )}
            {s.items.map((it, i) => item(it, i, shows))}
          </section>
        );
      })}
      {b ? (
        <div data-testid="doc-distribution" style={{ marginTop: '1.9em' }}>
          {headField(HEAD_SLOTS.distribution, '报送范围', b.distribution, (v) => <p style={{ margin: 0, borderTop: '1px solid #000', borderBottom: '1px solid #000', paddingLeft: '1em' }}>报送：{v}</p>)}
        </div>
      ) : (
        <>
          <p style={{ textAlign: 'right', marginTop: '1.9em', marginRight: '2em' }}>{content.signer}</p>
          <p style={{ textAlign: 'right', marginRight: '2em' }}>{props.signDay}</p>
        </>
      )}
    </div>
  );
}
