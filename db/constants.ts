/** PRAGMA application_id of every 掌柜 CRM database: 'ZGCM' as a big-endian int32. */
export const APPLICATION_ID = 0x5a47434d;
export const DB_FILE_NAME = 'zhanggui.db';
