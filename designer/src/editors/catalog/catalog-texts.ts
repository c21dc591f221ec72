/** Texts of the service catalog editor, in both languages. */
import { defineTexts } from '../../texts.js';

const en = {
  'file.label': 'Service catalog',
  families: 'Service families',
  family: 'family',
  services: 'Services',
  service: 'service',
  subcategories: 'Subcategories',
  subcategory: 'subcategory',
  entries: 'Catalog entries',
  entry: 'entry',
  title: 'Title',
  description: 'Description',
  keywords: 'Search keywords',
  'keywords.help': 'Synonyms, abbreviations, the other language: type a word and press Enter.',
  'entry.family': 'Family',
  'entry.service': 'Service',
  'entry.subcategory': 'Subcategory',
  'entry.process': 'Process',
  'entry.startForm': 'Request form',
  'entry.sla': 'SLA policy',
  'entry.calendar': 'Calendar',
  'entry.calendar.help': 'Leave empty to use the SLA policy’s calendar.',
  'entry.requestableBy': 'Who may request it',
  'entry.requestableBy.help': 'Roles; leave empty for everyone who may create records of the type.',
  approvals: 'Approval levels, in order',
  approval: 'approval level',
  'approval.role': 'Approved by a holder of',
} as const;

type Key = keyof typeof en;

const zhCN: Record<Key, string> = {
  'file.label': '服务目录',
  families: '服务大类',
  family: '大类',
  services: '服务',
  service: '服务',
  subcategories: '子类',
  subcategory: '子类',
  entries: '目录条目',
  entry: '条目',
  title: '名称',
  description: '说明',
  keywords: '搜索关键词',
  'keywords.help': '同义词、缩写、另一种语言：输入后按回车。',
  'entry.family': '大类',
  'entry.service': '服务',
  'entry.subcategory': '子类',
  'entry.process': '流程',
  'entry.startForm': '申请表单',
  'entry.sla': 'SLA 策略',
  'entry.calendar': '日历',
  'entry.calendar.help': '留空则使用 SLA 策略的日历。',
  'entry.requestableBy': '可申请的角色',
  'entry.requestableBy.help': '留空表示所有可创建该类型记录的人。',
  approvals: '审批级别（按顺序）',
  approval: '审批级别',
  'approval.role': '审批角色',
};

export const useCatalogTexts = defineTexts<Key>(en, zhCN);
