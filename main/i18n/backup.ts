// Messages of the backup domain (main side), in both languages.
export const backupZh = {
  notBackup: '这个文件不是掌柜 CRM 备份。',
  needsPassphrase: '这个备份已加密，请输入备份密码。',
  badPassphrase: '备份密码错误，或文件已损坏。',
  damaged: '备份文件已损坏（完整性检查未通过），无法使用。',
  newerSchema: '这个备份由更新版本的掌柜 CRM 创建（数据结构 {{schema}}），请先更新应用。',
  missing: '找不到这个备份文件。',
  busy: '另一个备份或恢复任务正在进行，请稍后再试。',
  io: '备份文件无法写入：{{detail}}',
  stagedExpired: '恢复前的检查已过期，请重新选择备份文件。',
  targetIsLive: '不能把备份保存到正在使用的数据库文件上。',
  passphraseShort: '备份密码至少 8 位',
  notListed: '只能删除备份列表中的文件。',
  restoreNeedsFile: '请选择要恢复的备份文件。',
  folderNotWritable: '无法使用这个文件夹：{{detail}}',
};

export const backupEn: typeof backupZh = {
  notBackup: 'This file is not a 掌柜 CRM backup.',
  needsPassphrase: 'This backup is encrypted; enter its passphrase.',
  badPassphrase: 'Wrong passphrase or damaged file.',
  damaged: 'The backup file is damaged (integrity check failed) and cannot be used.',
  newerSchema: 'This backup was made by a newer version of 掌柜 CRM (schema {{schema}}); please update the app.',
  missing: 'The backup file was not found.',
  busy: 'Another backup or restore is running; try again when it has finished.',
  io: 'The backup could not be written: {{detail}}',
  stagedExpired: 'The check before restoring has expired; choose the backup file again.',
  targetIsLive: 'A backup cannot be saved over the database file in use.',
  passphraseShort: 'The backup passphrase needs at least 8 characters',
  notListed: 'Only files in the backup list can be deleted.',
  restoreNeedsFile: 'Choose the backup file to restore.',
  folderNotWritable: 'This folder cannot be used: {{detail}}',
};
