import { fieldsEn } from './fields';
import { permEn } from './perm';
import { auditEn, recycleBinEn } from './audit';
import { reportsEn } from './reports';
import { backupEn } from './backup';
import { importEn, exportEn } from './impex';
import { customersEn } from './customers';
import { dealsEn } from './deals';
import { followUpsEn, remindersEn, automationEn } from './followUps';
import type { Messages } from './zh-CN';

export const en: Messages = {
  errors: {
    unknownChannel: 'There is no channel named "{{channel}}".',
    invalidInput: 'Invalid input: {{detail}}',
    invalidInputGeneric: 'Some fields are invalid; please check the highlighted fields.',
    notJson: 'The request is not valid JSON.',
    unauthenticated: 'Please log in first.',
    forbidden: 'Your role does not have the "{{permission}}" permission. Ask an administrator if you need it.',
    internal: 'Something unexpected went wrong; nothing was changed. The details are in the log.',
    diskFull: 'The disk is full; nothing was changed. Free some space and try again.',
    readOnly: 'The data folder is read-only, so nothing could be saved. Check the folder permissions.',
    saveFolderMissing: 'The folder to save in does not exist: {{folder}}. Please choose another location.',
    saveNameTooLong: 'The file name or path is too long for the file system. Please choose a shorter name.',
    busy: 'The database is busy; please try again in a moment.',
    setupDone: 'Setup is already done; please log in.',
    badLogin: 'Wrong username or password.',
    accountDisabled: 'This account is disabled. Ask an administrator.',
    accountLocked: 'Too many wrong passwords; the account is locked. Try again in {{seconds}} seconds.',
    wrongOldPassword: 'The current password is not correct.',
  },
  validation: {
    required: 'Required',
    unknownField: 'This field is not accepted',
    path: 'The file path is not valid: it holds characters a file name cannot have',
    tooLong: 'Too long',
    textTooLong: 'At most {{max}} characters',
    textTooShort: 'At least {{min}} characters',
    numberTooBig: 'At most {{limit}}',
    numberTooSmall: 'At least {{limit}}',
    tooManyItems: 'At most {{max}} items',
    username: { tooShort: 'At least 2 characters', tooLong: 'At most 32 characters', chars: 'Only letters, digits and _ . @ -' },
    password: { tooShort: 'At least 8 characters', tooLong: 'Too long' },
    reports: { range: 'The end date must not be before the start date (years 1970–2199)' },
  },
  audit: auditEn,
  recycleBin: recycleBinEn,
  reports: reportsEn,
  perm: permEn,
  customers: customersEn,
  deals: dealsEn,
  followUps: followUpsEn,
  reminders: remindersEn,
  automation: automationEn,
  backup: backupEn,
  import: importEn,
  export: exportEn,
  fields: fieldsEn,
};
