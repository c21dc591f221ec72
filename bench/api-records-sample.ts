/**
 * The sample tickets of the api-records bench: subjects and details in English and Chinese built
 * from small word lists by a seeded generator, so every run writes the same kind of text and the
 * search phase asks for words that are there. Half the tickets are English, half Chinese; each
 * names one of 15 topics (printer / 打印机 …), one of 8 problems and one of 6 places, and carries
 * an asset tag (`A-12345`) that few other tickets share.
 */

/** A small, seedable PRNG (mulberry32): the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: ReadonlyArray<readonly [string, string]> = [
  ['printer', '打印机'],
  ['password', '密码'],
  ['VPN', 'VPN'],
  ['laptop', '笔记本电脑'],
  ['email', '邮箱'],
  ['monitor', '显示器'],
  ['keyboard', '键盘'],
  ['invoice system', '发票系统'],
  ['database', '数据库'],
  ['Wi-Fi', '无线网络'],
  ['door badge', '门禁卡'],
  ['desk phone', '座机'],
  ['projector', '投影仪'],
  ['software license', '软件许可证'],
  ['backup', '备份'],
];

const PROBLEMS: ReadonlyArray<readonly [string, string]> = [
  ['does not work', '无法使用'],
  ['is very slow', '非常慢'],
  ['cannot connect', '连接不上'],
  ['shows an error', '报错'],
  ['needs replacing', '需要更换'],
  ['was lost', '丢失了'],
  ['keeps restarting', '一直重启'],
  ['has a paper jam', '卡纸'],
];

const PLACES: ReadonlyArray<readonly [string, string]> = [
  ['on floor 3', '三楼'],
  ['in meeting room B', '会议室B'],
  ['at the Shanghai office', '上海办公室'],
  ['in the warehouse', '仓库'],
  ['at reception', '前台'],
  ['in the finance department', '财务部'],
];

const SINCE: ReadonlyArray<readonly [string, string]> = [
  ['this morning', '今天早上'],
  ['yesterday', '昨天'],
  ['last week', '上周'],
  ['the last update', '上次更新'],
];

const EXTRAS: ReadonlyArray<readonly [string, string]> = [
  ['Please help as soon as possible.', '请尽快处理。'],
  ['Restarting did not help.', '重启后仍然没有解决。'],
  ['Several colleagues have the same problem.', '好几个同事都有同样的问题。'],
  ['It is blocking month-end closing.', '影响了月底结账。'],
];

const PRIORITIES = ['low', 'medium', 'high'] as const;

export interface SampleTicket {
  subject: string;
  details: string;
  priority: (typeof PRIORITIES)[number];
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** The asset tag of the n-th ticket: 90,000 tags, so a tag matches a handful of tickets at 100,000. */
const assetTag = (random: () => number) => `A-${10000 + Math.floor(random() * 90000)}`;

/** A ticket's fields, English or Chinese. */
export function sampleTicket(random: () => number): SampleTicket {
  const lang = random() < 0.5 ? 0 : 1;
  const [topic, problem, place, since, extra] = [TOPICS, PROBLEMS, PLACES, SINCE, EXTRAS].map((list) => pick(random, list)[lang]!);
  const tag = assetTag(random);
  const priority = pick(random, PRIORITIES);
  if (lang === 0) {
    const subject = `${topic![0]!.toUpperCase()}${topic!.slice(1)} ${problem} ${place}`;
    return { subject, details: `Since ${since} the ${topic} ${place} ${problem}. ${extra} Asset ${tag}.`, priority };
  }
  return { subject: `${place}的${topic}${problem}`, details: `从${since}开始，${place}的${topic}${problem}。${extra}资产编号 ${tag}。`, priority };
}

/**
 * What the search phase asks, in turn: common single words in each language (each in ~3% of the
 * tickets), two words together, and rare terms (an asset tag, a ticket number).
 */
export function searchQueries(numbers: readonly string[], tags: readonly string[]): string[] {
  return ['printer', '打印机', 'password', '密码', 'vpn slow', '显示器 报错', ...tags.slice(0, 2), ...numbers.slice(0, 2)];
}

/** An asset tag that occurs in a stored details text. */
export function assetTagOf(details: string): string | null {
  return /A-\d{5}/.exec(details)?.[0] ?? null;
}
