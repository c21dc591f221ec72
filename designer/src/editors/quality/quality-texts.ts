/** Texts of the quality (KPI) rules editor, in both languages. */
import { defineTexts } from '../../texts.js';

const en = {
  'file.label': 'Quality rules',
  rules: 'Rules',
  rule: 'rule',
  title: 'Title',
  measure: 'Measures',
  where: 'Records that have',
  'where.help': 'Indexed fields and their values: for “share”, what is counted; for every other measure, which records are measured.',
  resolvedStates: 'Resolved states',
  'resolvedStates.help': 'Required by reopen rate and first-contact resolution: leaving these states for another is a reopening.',
  groupBy: 'Grouped by default',
  serviceField: 'Field naming the service',
  'serviceField.help': 'The indexed field grouping by service groups on.',
  period: 'Period',
  'timeZone.help': 'The time zone periods are cut in; empty: that of whoever asks.',
  'target.op': 'Target',
  'target.op.atLeast': 'At least',
  'target.op.atMost': 'At most',
  'target.value': 'Target value',
} as const;

type Key = keyof typeof en;

const zhCN: Record<Key, string> = {
  'file.label': '质量规则',
  rules: '规则',
  rule: '规则',
  title: '名称',
  measure: '度量',
  where: '记录满足',
  'where.help': '已建索引的字段及其取值：对“占比”而言是被计数的记录；对其他度量则是参与度量的记录。',
  resolvedStates: '已解决状态',
  'resolvedStates.help': '重开率与首次解决率必填：离开这些状态转入其他状态即视为重开。',
  groupBy: '默认分组',
  serviceField: '表示服务的字段',
  'serviceField.help': '按服务分组时所依据的已索引字段。',
  period: '周期',
  'timeZone.help': '划分周期所用的时区；留空则用查询人的时区。',
  'target.op': '目标',
  'target.op.atLeast': '不低于',
  'target.op.atMost': '不高于',
  'target.value': '目标值',
};

export const useQualityTexts = defineTexts<Key>(en, zhCN);
