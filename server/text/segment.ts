import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;
function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Function words that say nothing about what a report is about. */
const STOP = new Set(
  '的 了 是 在 和 与 及 或 有 也 都 就 而 被 把 对 向 从 到 为 以 之 其 这 那 我 你 他 她 它 们 我们 你们 他们 一个 一些 这个 那个 什么 怎么 如何 没有 还是 已经 因为 所以 但是 如果 关于 问题 情况 有关 相关 进行 目前 现在 今天 昨天 希望 请 能 会 要 说 让 给 着 吗 呢 吧 啊 呀 嘛 哦 等'.split(' '),
);

/** Words of a normalised text, without stop words; Latin words and numbers stay whole. */
export function words(normalised: string): string[] {
  return instance()
    .cut(normalised, false)
    .filter((w) => w.trim() && !STOP.has(w));
}

/** Search terms for full-text search: words of two or more characters (and single Han characters when nothing else is left). */
export function searchTerms(normalised: string): string[] {
  const all = instance().cutForSearch(normalised, true).filter((w) => w.trim() && !STOP.has(w));
  const longer = all.filter((w) => w.length >= 2);
  return [...new Set(longer.length ? longer : all)];
}
