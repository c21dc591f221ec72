/**
 * Texts every file editor shares: list controls, the two-language title fields, conditions, the
 * file's message list, and the schema's verdicts in words.
 */
import { defineTexts, type TextOf } from '../texts.js';
import { patternHint } from './pattern-hints.js';
import type { SchemaError } from './schema-errors.js';

const en = {
  'list.add': 'Add {what}',
  'list.remove': 'Remove {what}',
  'list.empty': 'None yet.',
  'list.hasMessages': 'needs a look',
  'field.id': 'Id',
  'field.recordType': 'Record type',
  'field.calendar': 'Calendar',
  'field.timeZone': 'Time zone',
  'field.timeZone.help': 'An IANA time zone, e.g. Asia/Shanghai.',
  'field.state': 'State',
  'select.placeholder': 'Choose…',
  'text.key': '{label}: text key',
  'text.en': '{label} (English)',
  'text.zhCN': '{label} (Chinese)',
  'text.key.help': 'The texts are kept in the bundle under this key, in both languages.',
  'condition.title': '{label}',
  'condition.field': 'Field',
  'condition.value': 'Value',
  'condition.item': 'condition on {field}',
  'condition.addWhat': 'condition',
  'condition.help': 'A value (text, number, true/false) or a JSON list of values the field may have: ["p1", "p2"].',
  'file.schemaLoading': 'Loading the bundle schema check…',
  'file.schemaFailed': 'The bundle schema check could not be loaded: {message}',
  'file.schemaProblems': 'The bundle schema does not accept this file yet',
  'file.checkProblems': 'The last check found',
  'file.at': 'at {where}',
  'file.wholeFile': 'the whole file',
  'error.required': 'is required',
  'error.format': 'is not a valid {format}',
  'error.format.date': 'is not a date (YYYY-MM-DD)',
  'error.format.time-zone': 'is not a time zone this system knows (e.g. Asia/Shanghai)',
  'error.format.duration': 'is not an ISO 8601 duration (e.g. PT4H, P2D)',
  'error.pattern': 'does not have the form this field takes ({pattern})',
  'error.pattern.id': 'must be lowercase letters and digits, words joined by - _ or . (e.g. first-response)',
  'error.pattern.reference': 'must be an id (e.g. office-hours), or bundle-name:id for one of another bundle',
  'error.pattern.textKey': 'must be letters, digits and _, parts joined by . or - (e.g. sla.standard)',
  'error.pattern.fieldName': 'must be a field name: a letter, then letters, digits or _',
  'error.pattern.clockTime': 'must be a time HH:MM, from 00:00 to 24:00',
  'error.pattern.businessDuration': 'must be working days and time, e.g. P2D, PT4H, P1DT2H30M (no years, months or weeks)',
  'error.minLength': 'needs at least {limit} characters',
  'error.maxLength': 'may have at most {limit} characters',
  'error.minimum': 'must be at least {limit}',
  'error.maximum': 'must be at most {limit}',
  'error.minItems': 'needs at least {limit} entries',
  'error.maxItems': 'may have at most {limit} entries',
  'error.uniqueItems': 'lists the same value twice',
  'error.enum': 'is not one of the allowed values',
  'error.type': 'must be of type {type}',
  'error.anyOf': 'does not match any of the allowed shapes',
  'error.additionalProperties': 'unknown field “{field}”',
  'error.other': '{message}',
} as const;

type Key = keyof typeof en;

const zhCN: Record<Key, string> = {
  'list.add': '添加{what}',
  'list.remove': '删除{what}',
  'list.empty': '暂无。',
  'list.hasMessages': '有待处理的问题',
  'field.id': '标识',
  'field.recordType': '记录类型',
  'field.calendar': '日历',
  'field.timeZone': '时区',
  'field.timeZone.help': 'IANA 时区名，例如 Asia/Shanghai。',
  'field.state': '状态',
  'select.placeholder': '请选择…',
  'text.key': '{label}：文本键',
  'text.en': '{label}（英文）',
  'text.zhCN': '{label}（中文）',
  'text.key.help': '文本以此键保存在包中，中英文各一份。',
  'condition.title': '{label}',
  'condition.field': '字段',
  'condition.value': '值',
  'condition.item': '{field} 的条件',
  'condition.addWhat': '条件',
  'condition.help': '一个值（文本、数字、true/false），或字段可取值的 JSON 列表：["p1", "p2"]。',
  'file.schemaLoading': '正在加载包结构校验…',
  'file.schemaFailed': '无法加载包结构校验：{message}',
  'file.schemaProblems': '包结构校验尚未通过此文件',
  'file.checkProblems': '上次检查发现',
  'file.at': '位置：{where}',
  'file.wholeFile': '整个文件',
  'error.required': '必填',
  'error.format': '不是有效的 {format}',
  'error.format.date': '不是日期（YYYY-MM-DD）',
  'error.format.time-zone': '不是系统认识的时区（例如 Asia/Shanghai）',
  'error.format.duration': '不是 ISO 8601 时长（例如 PT4H、P2D）',
  'error.pattern': '格式不符合此字段的要求（{pattern}）',
  'error.pattern.id': '须为小写字母和数字，单词之间用 - _ 或 . 连接（例如 first-response）',
  'error.pattern.reference': '须为标识（例如 office-hours），或引用其他包时写作 包名:标识',
  'error.pattern.textKey': '须为字母、数字和 _，各段之间用 . 或 - 连接（例如 sla.standard）',
  'error.pattern.fieldName': '须为字段名：以字母开头，后接字母、数字或 _',
  'error.pattern.clockTime': '须为 HH:MM 格式的时间，从 00:00 到 24:00',
  'error.pattern.businessDuration': '须为工作日与工作时间，例如 P2D、PT4H、P1DT2H30M（不能用年、月、周）',
  'error.minLength': '至少需要 {limit} 个字符',
  'error.maxLength': '最多 {limit} 个字符',
  'error.minimum': '不能小于 {limit}',
  'error.maximum': '不能大于 {limit}',
  'error.minItems': '至少需要 {limit} 项',
  'error.maxItems': '最多 {limit} 项',
  'error.uniqueItems': '列出了重复的值',
  'error.enum': '不是允许的取值之一',
  'error.type': '类型必须是 {type}',
  'error.anyOf': '不符合任何一种允许的结构',
  'error.additionalProperties': '未知字段“{field}”',
  'error.other': '{message}',
};

export const useEditorTexts = defineTexts<Key>(en, zhCN);
export type EditorText = TextOf<Key>;

const LIMIT_KEYWORDS = ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'] as const;
const FORMATS_WITH_WORDS = ['date', 'time-zone', 'duration'] as const;

/** One schema error in the user's words. */
export function describeSchemaError(t: EditorText, error: SchemaError): string {
  const { keyword, params } = error;
  if (keyword === 'required') return t('error.required');
  if (keyword === 'format') {
    const format = String(params['format']);
    const known = FORMATS_WITH_WORDS.find((name) => name === format);
    return known ? t(`error.format.${known}`) : t('error.format', { format });
  }
  if ((LIMIT_KEYWORDS as readonly string[]).includes(keyword)) return t(`error.${keyword as (typeof LIMIT_KEYWORDS)[number]}`, { limit: String(params['limit']) });
  if (keyword === 'pattern') {
    const hint = patternHint(String(params['pattern']));
    return hint ? t(`error.pattern.${hint}`) : t('error.pattern', { pattern: String(params['pattern']) });
  }
  if (keyword === 'uniqueItems' || keyword === 'enum') return t(`error.${keyword}`);
  if (keyword === 'type') return t('error.type', { type: String(params['type']) });
  if (keyword === 'anyOf' || keyword === 'oneOf') return t('error.anyOf');
  if (keyword === 'additionalProperties') return t('error.additionalProperties', { field: String(params['additionalProperty']) });
  return t('error.other', { message: error.message ?? keyword });
}
