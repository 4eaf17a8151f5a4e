import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { casesApi, type PublicUnit } from '../../api/cases';
import { ApiError } from '../../api/client';
import { copyText, described, Field, PublicFrame } from '../../public/PublicFrame';

export { copyText, PublicFrame };

/** The units in tree order, each indented by its depth, for the phone's own picker. */
function unitOptions(units: PublicUnit[]): { id: string; label: string }[] {
  const children = new Map<string | null, PublicUnit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: { id: string; label: string }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      out.push({ id: u.id, label: `${'\u3000'.repeat(depth)}${u.name}` });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

type Values = { unitId: string; title: string; content: string; contact: string; answer: string };
type Errors = Partial<Record<keyof Values, string>>;

function check(v: Values): Errors {
  const e: Errors = {};
  if (!v.unitId) e.unitId = '请选择反映对象单位';
  if (!v.title.trim()) e.title = '请填写标题';
  else if (v.title.length > 100) e.title = '标题不能超过 100 个字';
  if (!v.content.trim()) e.content = '请填写反映内容';
  else if (v.content.trim().length < 10) e.content = '反映内容至少 10 个字';
  else if (v.content.length > 3000) e.content = '反映内容不能超过 3000 个字';
  if (v.contact.length > 100) e.contact = '联系方式不能超过 100 个字';
  if (!v.answer.trim()) e.answer = '请填写验证题答案';
  return e;
}

/** A citizen, without an account, sends a concern to a unit and gets a tracking code. */
export default function PublicSubmit() {
  const [units, setUnits] = useState<PublicUnit[] | null>(null);
  const options = useMemo(() => unitOptions(units ?? []), [units]);
  const [challenge, setChallenge] = useState<{ question: string; token: string } | null>(null);
  const [values, setValues] = useState<Values>({ unitId: '', title: '', content: '', contact: '', answer: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [done, setDone] = useState<{ trackingCode: string; unitName: string } | null>(null);

  const set = (k: keyof Values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    setErrors((x) => ({ ...x, [k]: undefined }));
  };
  const newChallenge = async () => {
    try {
      setChallenge(await casesApi.challenge());
      setValues((v) => ({ ...v, answer: '' }));
    } catch (err) {
      setFailure(err instanceof ApiError ? err.message : '无法获取验证题，请稍后再试');
    }
  };
  useEffect(() => {
    casesApi.publicUnits().then((r) => setUnits(r.items), (err) => setFailure(err instanceof ApiError ? err.message : '无法获取单位列表，请稍后再试'));
    void newChallenge();
  }, []);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!challenge || busy) return;
    const found = check(values);
    setErrors(found);
    setFailure(null);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`pub-${first === 'unitId' ? 'unit' : first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await casesApi.submitPublic({ ...values, contact: values.contact.trim() || null, challenge: challenge.token });
      setDone(r);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CHALLENGE' && !err.message.includes('不正确')) await newChallenge();
      const message = err instanceof ApiError ? err.message : '提交失败，请稍后再试';
      const field = err instanceof ApiError ? (err.field as keyof Values | undefined) : undefined;
      if (err instanceof ApiError && err.code === 'CHALLENGE') setErrors({ answer: message });
      else if (field && field in values) setErrors({ [field]: message });
      else setFailure(message);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicFrame title="诉求已提交">
        <section className="pub-card pub-done">
          <div aria-hidden="true" style={{ fontSize: 48, color: '#389e0d', lineHeight: 1 }}>✓</div>
          <h2>已提交给{done.unitName}</h2>
          <p className="pub-hint">请妥善保存查询码，凭查询码查看办理进度和答复</p>
          <div className="pub-hint" style={{ marginBottom: 0 }}>您的查询码</div>
          <div data-testid="tracking-code" className="pub-code">{done.trackingCode}</div>
          <button type="button" className="pub-btn pub-btn-primary" onClick={async () => setCopied((await copyText(done.trackingCode)) ? '已复制查询码' : '请长按查询码手动复制')}>复制查询码</button>
          {copied && <div role="status" className="pub-extra">{copied}</div>}
          <div className="pub-note pub-note-warning" style={{ marginTop: 12 }}>请妥善保存查询码。查询码只显示这一次，丢失后无法找回。</div>
          <Link to="/public/track" className="pub-btn" style={{ marginTop: 12 }}>查询办理进度</Link>
        </section>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title="向有关单位反映诉求">
      <section className="pub-card">
        <p className="pub-hint">
          请写清楚是什么事、在什么地方。提交后会得到一个查询码，凭查询码可以查看办理进度和答复。联系方式选填，只有办理单位能看到，用于向您了解情况。
        </p>
        {failure && <div className="pub-note pub-note-error" role="alert">{failure}</div>}
        <form onSubmit={submit} noValidate>
          <Field id="pub-unit" label="反映给哪个单位" error={errors.unitId}>
            <select id="pub-unit" value={values.unitId} onChange={set('unitId')} disabled={!units} {...described('pub-unit', errors.unitId)}>
              <option value="">{units ? '请选择单位' : '正在获取单位…'}</option>
              {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
            </select>
          </Field>
          <Field id="pub-title" label="标题" error={errors.title}>
            <input id="pub-title" value={values.title} onChange={set('title')} placeholder="一句话说明反映的问题" maxLength={100} {...described('pub-title', errors.title)} />
          </Field>
          <Field id="pub-content" label="反映内容" error={errors.content} extra={`${values.content.length} / 3000`}>
            <textarea id="pub-content" rows={6} value={values.content} onChange={set('content')} maxLength={3000} placeholder="具体情况：时间、地点、经过，希望怎么解决" {...described('pub-content', errors.content, true)} />
          </Field>
          <Field id="pub-contact" label="联系方式(选填)" error={errors.contact}>
            <input id="pub-contact" value={values.contact} onChange={set('contact')} placeholder="电话等，仅办理单位可见" maxLength={100} {...described('pub-contact', errors.contact)} />
          </Field>
          <Field id="pub-answer" label={<>验证题：<span data-testid="challenge-question" className="pub-question">{challenge?.question ?? '正在获取…'}</span></>} error={errors.answer}
            extra={<button type="button" className="pub-link-btn" onClick={newChallenge}>换一题</button>}>
            <input id="pub-answer" value={values.answer} onChange={set('answer')} inputMode="numeric" placeholder="填写答案(数字)" style={{ maxWidth: 200 }} maxLength={10} {...described('pub-answer', errors.answer)} />
          </Field>
          <button type="submit" className="pub-btn pub-btn-primary" disabled={!challenge || busy}>{busy ? '正在提交…' : '提交'}</button>
        </form>
      </section>
      <div className="pub-footer"><a href="/login">工作人员登录</a></div>
    </PublicFrame>
  );
}
