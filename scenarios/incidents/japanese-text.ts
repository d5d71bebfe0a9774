/** Brackets, punctuation and symbols that do not change what the words say. */
const IGNORED = /[\s\u3000「」『』（）()［］[\]【】、。・,.!！?？:：;；"'“”‘’…→⇒\-－―ー〜~/／]/gu;

/**
 * Japanese words as compared: NFKC (full-width letters and digits to half-width, half-width katakana to full-width),
 * lower case, without spaces (half-width or ideographic), brackets and punctuation. The long-vowel mark goes too, so 「カード リーダー」 and 「カードリーダ」 compare
 * equal.
 */
export function normalizeJapanese(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(IGNORED, "");
}

function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0] as string, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = `${chars[i]}${chars[i + 1]}`;
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

/**
 * How close the reported words are to a phrase an entry shows, 0–1, after {@link normalizeJapanese}: 1 when the
 * report is an excerpt of the phrase (at least two characters); the phrase's share of the report when the report
 * contains the whole phrase and more; else the Dice coefficient of their character bigrams.
 */
export function japaneseSimilarity(reported: string, phrase: string): number {
  const x = normalizeJapanese(reported);
  const y = normalizeJapanese(phrase);
  if (x.length === 0 || y.length === 0) return 0;
  if (x.length >= 2 && y.includes(x)) return 1;
  const containment = y.length >= 2 && x.includes(y) ? y.length / x.length : 0;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  for (const [gram, n] of gx) shared += Math.min(n, gy.get(gram) ?? 0);
  const total = [...gx.values()].reduce((s, n) => s + n, 0) + [...gy.values()].reduce((s, n) => s + n, 0);
  return Math.max(containment, total === 0 ? 0 : (2 * shared) / total);
}
