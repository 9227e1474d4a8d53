import { fieldsZh } from './fields';
import { permZh } from './perm';
import { auditZh, recycleBinZh } from './audit';
import { reportsZh } from './reports';
import { backupZh } from './backup';
import { importZh, exportZh } from './impex';
import { customersZh } from './customers';
import { dealsZh } from './deals';
import { followUpsZh, remindersZh, automationZh } from './followUps';
export const zhCN = {
  errors: {
    unknownChannel: '没有名为“{{channel}}”的功能。',
    invalidInput: '输入有误：{{detail}}',
    invalidInputGeneric: '输入有误，请检查标红的字段。',
    notJson: '请求不是有效的 JSON。',
    unauthenticated: '请先登录。',
    forbidden: '您的角色没有“{{permission}}”权限。如需使用，请联系管理员。',
    internal: '出现了意外错误，操作没有完成，数据未改动。详细信息已记入日志。',
    diskFull: '磁盘空间不足，操作没有完成，数据未改动。请清理磁盘后重试。',
    readOnly: '数据文件夹是只读的，无法保存。请检查文件夹权限。',
    saveFolderMissing: '保存位置的文件夹不存在：{{folder}}。请重新选择保存位置。',
    saveNameTooLong: '文件名或路径太长，系统无法创建该文件。请换一个短一些的名称。',
    busy: '数据库正忙，请稍后重试。',
    setupDone: '已经完成初始设置，请直接登录。',
    badLogin: '用户名或密码错误。',
    accountDisabled: '该账号已停用，请联系管理员。',
    accountLocked: '密码错误次数过多，账号已锁定，请在 {{seconds}} 秒后重试。',
    wrongOldPassword: '当前密码不正确。',
  },
  validation: {
    required: '必填',
    unknownField: '不支持此字段',
    tooLong: '内容过长',
    textTooLong: '最多 {{max}} 个字符',
    textTooShort: '至少 {{min}} 个字符',
    numberTooBig: '不能大于 {{limit}}',
    numberTooSmall: '不能小于 {{limit}}',
    tooManyItems: '最多 {{max}} 项',
    path: '文件路径无效：含有文件名不能使用的字符',
    username: { tooShort: '用户名至少 2 个字符', tooLong: '用户名最多 32 个字符', chars: '用户名只能包含字母、数字和 _ . @ -' },
    password: { tooShort: '密码至少 8 位', tooLong: '密码过长' },
    reports: { range: '结束日期不能早于开始日期，且日期须在 1970–2199 年之间' },
  },
  audit: auditZh,
  recycleBin: recycleBinZh,
  reports: reportsZh,
  perm: permZh,
  customers: customersZh,
  deals: dealsZh,
  followUps: followUpsZh,
  reminders: remindersZh,
  automation: automationZh,
  backup: backupZh,
  import: importZh,
  export: exportZh,
  fields: fieldsZh,
};
export type Messages = typeof zhCN;
