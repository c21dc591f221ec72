/**
 * The words for each value of the closed lists in choices.ts, in both languages, and the picker
 * options made of them (the value itself shown beside its words, as bundle authors write it).
 */
import { defineTexts } from '../texts.js';
import type { GRANT_ACTIONS, GRANT_SCOPES, NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, QUALITY_GROUPS, QUALITY_MEASURES, QUALITY_PERIODS, RECIPIENT_PARTIES, SLA_METRICS, WEEKDAYS } from './choices.js';

type Values<T extends readonly string[]> = T[number];
type Key =
  | `event.${Values<typeof NOTIFICATION_EVENTS>}`
  | `channel.${Values<typeof NOTIFICATION_CHANNELS>}`
  | `party.${Values<typeof RECIPIENT_PARTIES>}`
  | `metric.${Values<typeof SLA_METRICS>}`
  | `weekday.${Values<typeof WEEKDAYS>}`
  | `measure.${Values<typeof QUALITY_MEASURES>}`
  | `group.${Values<typeof QUALITY_GROUPS>}`
  | `period.${Values<typeof QUALITY_PERIODS>}`
  | `action.${Values<typeof GRANT_ACTIONS>}`
  | `scope.${Values<typeof GRANT_SCOPES>}`;

const en: Record<Key, string> = {
  'event.record.created': 'A record is created',
  'event.record.updated': 'A record is updated',
  'event.task.created': 'A task is created',
  'event.task.assigned': 'A task is assigned',
  'event.task.completed': 'A task is completed',
  'event.process.completed': 'A process completes',
  'event.sla.threshold': 'An SLA threshold is reached',
  'event.ola.threshold': 'An OLA threshold is reached',
  'event.survey.low-rating': 'A survey gets a low rating',
  'channel.email': 'E-mail',
  'channel.inbox': 'In-app inbox',
  'channel.webhook': 'Webhook',
  'party.assignee': 'The assignee',
  'party.requester': 'The requester',
  'party.watchers': 'The watchers',
  'party.team': "The assigned team's members",
  'party.manager': "The requester's manager",
  'party.task-assignee': "The task's assignee",
  'party.task-candidates': "The task's candidates",
  'metric.response': 'Response (time to own)',
  'metric.resolution': 'Resolution (time to resolve)',
  'weekday.mon': 'Monday',
  'weekday.tue': 'Tuesday',
  'weekday.wed': 'Wednesday',
  'weekday.thu': 'Thursday',
  'weekday.fri': 'Friday',
  'weekday.sat': 'Saturday',
  'weekday.sun': 'Sunday',
  'measure.count': 'Count of records',
  'measure.share': 'Share of records',
  'measure.average-duration': 'Average time to resolve',
  'measure.sla-met-share': 'Share meeting their SLA',
  'measure.response-in-time': 'Share responded to in time',
  'measure.resolution-in-time': 'Share resolved in time',
  'measure.reopen-rate': 'Reopen rate',
  'measure.first-contact-resolution': 'First-contact resolution',
  'measure.satisfaction-average': 'Average satisfaction',
  'group.team': 'By team',
  'group.agent': 'By agent',
  'group.service': 'By service',
  'group.organization': 'By organization',
  'period.day': 'Day',
  'period.week': 'Week',
  'period.month': 'Month',
  'period.quarter': 'Quarter',
  'action.read': 'Read',
  'action.create': 'Create',
  'action.update': 'Update',
  'action.assign': 'Assign',
  'action.comment': 'Reply publicly',
  'action.work-note': 'Internal notes',
  'action.attach': 'Attach files',
  'action.delete': 'Delete',
  'action.export': 'Export in bulk',
  'action.cancel': 'Cancel the process',
  'scope.own': 'Their own records',
  'scope.organization': "Their organization's",
  'scope.organization-tree': 'Their organization and those below it',
  'scope.team': "Their teams'",
  'scope.all': 'All records',
};

const zhCN: Record<Key, string> = {
  'event.record.created': '记录创建时',
  'event.record.updated': '记录更新时',
  'event.task.created': '任务创建时',
  'event.task.assigned': '任务分派时',
  'event.task.completed': '任务完成时',
  'event.process.completed': '流程结束时',
  'event.sla.threshold': '达到 SLA 阈值时',
  'event.ola.threshold': '达到 OLA 阈值时',
  'event.survey.low-rating': '满意度评价偏低时',
  'channel.email': '电子邮件',
  'channel.inbox': '站内消息',
  'channel.webhook': 'Webhook',
  'party.assignee': '处理人',
  'party.requester': '提交人',
  'party.watchers': '关注人',
  'party.team': '所分派团队的成员',
  'party.manager': '提交人的经理',
  'party.task-assignee': '任务处理人',
  'party.task-candidates': '任务候选人',
  'metric.response': '响应（TTO）',
  'metric.resolution': '解决（TTR）',
  'weekday.mon': '星期一',
  'weekday.tue': '星期二',
  'weekday.wed': '星期三',
  'weekday.thu': '星期四',
  'weekday.fri': '星期五',
  'weekday.sat': '星期六',
  'weekday.sun': '星期日',
  'measure.count': '记录数',
  'measure.share': '记录占比',
  'measure.average-duration': '平均解决时长',
  'measure.sla-met-share': 'SLA 达成率',
  'measure.response-in-time': '按时响应率',
  'measure.resolution-in-time': '按时解决率',
  'measure.reopen-rate': '重开率',
  'measure.first-contact-resolution': '首次解决率',
  'measure.satisfaction-average': '平均满意度',
  'group.team': '按团队',
  'group.agent': '按处理人',
  'group.service': '按服务',
  'group.organization': '按组织',
  'period.day': '日',
  'period.week': '周',
  'period.month': '月',
  'period.quarter': '季度',
  'action.read': '查看',
  'action.create': '创建',
  'action.update': '修改',
  'action.assign': '分派',
  'action.comment': '公开回复',
  'action.work-note': '内部备注',
  'action.attach': '上传附件',
  'action.delete': '删除',
  'action.export': '批量导出',
  'action.cancel': '取消流程',
  'scope.own': '本人的记录',
  'scope.organization': '本组织的记录',
  'scope.organization-tree': '本组织及下级组织的记录',
  'scope.team': '所在团队的记录',
  'scope.all': '全部记录',
};

const useChoiceTexts = defineTexts<Key>(en, zhCN);

type Prefix<K extends string> = K extends `${infer P}.${string}` ? P : never;

/** Picker options for one closed list: `useChoiceOptions('event', NOTIFICATION_EVENTS)`. */
export function useChoiceOptions<P extends Prefix<Key>>(prefix: P, values: readonly string[]): Array<{ value: string; label: string }> {
  const t = useChoiceTexts();
  return values.map((value) => ({ value, label: `${t(`${prefix}.${value}` as Key)} · ${value}` }));
}

/** The words for one value of a closed list. */
export function useChoiceText(): (prefix: Prefix<Key>, value: string) => string {
  const t = useChoiceTexts();
  return (prefix, value) => t(`${prefix}.${value}` as Key);
}
