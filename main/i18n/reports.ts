// Messages of the reports domain (issue #10): errors, value labels used in exports, PDF captions.
export const reportsZh = {
  exportForbidden: '导出报表需要“导出客户”或“导出商机”权限。如需使用，请联系管理员。',
  exportNoColumns: '请至少选择一列再导出。',
  fieldDimension: '只能按客户的单选自定义字段（未停用）分组。',
  timezoneBusy: '正在按新的时区重算报表，请等它完成后再改。',
  exportFailed: '报表文件没有写成：{{reason}}',
  pdfUnavailable: '无法生成 PDF：{{reason}}',
  noOwner: '公海（无负责人）',
  emptyValue: '（未填写）',
  status: { potential: '潜在', following: '跟进中', won: '已成交', lost: '流失' },
  stageKind: { open: '进行中', won: '赢单', lost: '输单' },
  pdf: { range: '统计区间', previous: '对比区间', generated: '生成时间', rows: '共 {{n}} 行' },
};

export const reportsEn: typeof reportsZh = {
  exportForbidden: 'Exporting reports needs the "Export customers" or "Export deals" permission. Ask an administrator if you need it.',
  exportNoColumns: 'Choose at least one column to export.',
  fieldDimension: 'Group only by a custom single-select customer field that is not retired.',
  timezoneBusy: 'The reports are being recomputed for a new time zone; wait until that has finished.',
  exportFailed: 'The report file could not be written: {{reason}}',
  pdfUnavailable: 'The PDF could not be made: {{reason}}',
  noOwner: 'Pool (no owner)',
  emptyValue: '(not set)',
  status: { potential: 'Potential', following: 'Following', won: 'Won', lost: 'Lost' },
  stageKind: { open: 'Open', won: 'Won', lost: 'Lost' },
  pdf: { range: 'Period', previous: 'Compared with', generated: 'Generated', rows: '{{n}} rows' },
};
