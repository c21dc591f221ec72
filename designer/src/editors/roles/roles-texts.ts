/** Texts of the roles and grants editor, in both languages. */
import { defineTexts } from '../../texts.js';

const en = {
  'file.label': 'Roles and grants',
  roles: 'Roles',
  role: 'role',
  title: 'Title',
  grants: 'Grants',
  grant: 'grant',
  actions: 'May',
  scope: 'On',
  fields: 'Only these fields when creating or updating',
  'fields.help': 'Leave empty to let the role set every field. Reading is not limited.',
} as const;

type Key = keyof typeof en;

const zhCN: Record<Key, string> = {
  'file.label': '角色与授权',
  roles: '角色',
  role: '角色',
  title: '名称',
  grants: '授权',
  grant: '授权',
  actions: '允许',
  scope: '范围',
  fields: '创建或修改时仅可设置这些字段',
  'fields.help': '留空表示可设置所有字段。查看不受限制。',
};

export const useRolesTexts = defineTexts<Key>(en, zhCN);
