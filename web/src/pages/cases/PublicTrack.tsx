import { type FormEvent, useState } from 'react';
import { casesApi, type TrackView } from '../../api/cases';
import { ApiError } from '../../api/client';
import { described, Field, PublicFrame, when } from '../../public/PublicFrame';

/** Status and public reply for a tracking code: nothing else of the case. */
export default function PublicTrack() {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TrackView | null>(null);

  const look = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    if (!code.trim()) {
      setError('请填写查询码');
      return;
    }
    setBusy(true);
    setResult(null);
    setError(undefined);
    try {
      setResult(await casesApi.track(code.trim()));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '没有找到这个查询码对应的诉求，请检查是否输入正确' : err instanceof ApiError ? err.message : '查询失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title="查询诉求办理进度">
      <section className="pub-card">
        <form onSubmit={look} noValidate>
          <Field id="track-code" label="查询码" error={error} extra="提交诉求时得到的查询码，如 ABCD-EFGH-JKLM">
            <input id="track-code" value={code} onChange={(e) => { setCode(e.target.value); setError(undefined); }} autoComplete="off" autoCapitalize="characters"
              placeholder="请输入查询码" maxLength={40} style={{ fontFamily: 'monospace', letterSpacing: 1 }} {...described('track-code', error, true)} />
          </Field>
          <button type="submit" className="pub-btn pub-btn-primary" disabled={busy}>{busy ? '正在查询…' : '查询'}</button>
        </form>
      </section>
      {result && (
        <section className="pub-card" data-testid="track-result" aria-label="办理进度">
          <dl>
            <dt>办理状态</dt>
            <dd><span className={result.status === '已办结' ? 'pub-status pub-status-done' : 'pub-status'}>{result.status}</span></dd>
            <dt>标题</dt><dd>{result.title}</dd>
            <dt>反映给</dt><dd>{result.unitName}</dd>
            <dt>提交时间</dt><dd>{when(result.receivedAt)}</dd>
            {result.closedAt && <><dt>办结时间</dt><dd>{when(result.closedAt)}</dd></>}
          </dl>
          {result.reply ? (
            <div className="pub-note pub-note-success" style={{ marginTop: 12 }}>
              <strong>答复{result.repliedAt ? `(${when(result.repliedAt)})` : ''}</strong>
              <div data-testid="track-reply" style={{ whiteSpace: 'pre-wrap', fontSize: 16 }}>{result.reply}</div>
            </div>
          ) : (
            <div className="pub-note pub-note-info" style={{ marginTop: 12 }}>正在办理，还没有答复。请过几天再来查询。</div>
          )}
        </section>
      )}
    </PublicFrame>
  );
}
