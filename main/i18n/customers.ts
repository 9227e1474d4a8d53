// Messages of the customers domain (main side): errors and field validation, zh-CN and en.
export const customersZh = {
  errors: {
    invalid: '客户信息有误，请检查标红的字段（{{fields}}）。',
    notFound: '找不到该客户（可能已被删除，或不在您的权限范围内）。',
    someNotFound: '有 {{count}} 个客户找不到（可能已被删除，或不在您的权限范围内），操作没有执行。',
    staleVersion: '该客户已被他人修改（{{fields}}）。请重新加载后再保存。',
    duplicate: '已存在相同手机号或邮箱的客户，请确认后再保存。',
    duplicateForbidden: '系统设置禁止重复的{{fields}}，不能保存。',
    ownerForbidden: '您只能把客户分配给自己；分配给他人或放入公海需要“全部数据”范围的角色。',
    ownerInvalid: '负责人不存在或已停用。',
    badCursor: '分页位置无效，请刷新列表。',
    viewNotFound: '找不到该视图。',
    nothingToChange: '没有选择要修改的字段。',
  },
  validation: {
    nameRequired: '请填写客户名称',
    mobile: '手机号格式不正确：请输入 11 位大陆手机号（可带 +86），或以 + 开头的国际号码',
    phone: '电话格式不正确：请输入带区号的座机号（如 0571-88886666），或以 + 开头的国际号码',
    email: '邮箱格式不正确（例如 name@example.com）',
    birthdayFormat: '生日格式不正确，请使用 YYYY-MM-DD',
    birthdayFuture: '生日不能晚于今天',
  },
  region: {
    provinceUnknown: '无法识别的省份“{{value}}”：请填写省、自治区或直辖市的全称或简称（如“浙江省”或“浙江”），或留空',
    cityUnknown: '无法识别的城市“{{value}}”：请填写地级市（如“杭州市”或“杭州”；直辖市填区，如“朝阳区”），或留空',
    cityNotInProvince: '城市“{{value}}”不属于{{province}}，请核对省份和城市',
    cityAmbiguous: '城市“{{value}}”在多个省份都有（{{provinces}}），请同时填写省份',
    cityFromArea: '“{{value}}”属于{{city}}，城市已存为{{city}}',
  },
  fields: {
    mobile: '手机号',
    email: '邮箱',
  },
};

export const customersEn: typeof customersZh = {
  errors: {
    invalid: 'Some customer fields are invalid; please check the highlighted fields ({{fields}}).',
    notFound: 'Customer not found (it may have been deleted, or it is outside your data scope).',
    someNotFound: '{{count}} customers were not found (deleted or outside your data scope); nothing was done.',
    staleVersion: 'Someone else changed this customer ({{fields}}). Reload it, then save again.',
    duplicate: 'A customer with the same mobile or email already exists; please check before saving.',
    duplicateForbidden: 'Settings forbid duplicate {{fields}}; the customer cannot be saved.',
    ownerForbidden: 'You can only assign customers to yourself; assigning to others or to the pool needs a role with access to all data.',
    ownerInvalid: 'The owner does not exist or is disabled.',
    badCursor: 'The page position is not valid; please refresh the list.',
    viewNotFound: 'That view was not found.',
    nothingToChange: 'No field to change was chosen.',
  },
  validation: {
    nameRequired: 'Please enter the customer name',
    mobile: 'Invalid mobile: enter an 11-digit mainland mobile (+86 optional) or an international number starting with +',
    phone: 'Invalid phone: enter a landline with area code (e.g. 0571-88886666) or an international number starting with +',
    email: 'Invalid email (e.g. name@example.com)',
    birthdayFormat: 'Invalid birthday; use YYYY-MM-DD',
    birthdayFuture: 'The birthday cannot be after today',
  },
  region: {
    provinceUnknown: 'Unknown province "{{value}}": use the full or short name of a province, autonomous region or municipality (e.g. 浙江省 or 浙江), or leave it empty',
    cityUnknown: 'Unknown city "{{value}}": use a prefecture-level city (e.g. 杭州市 or 杭州; in a municipality its district, e.g. 朝阳区), or leave it empty',
    cityNotInProvince: 'City "{{value}}" is not in {{province}}; check the province and the city',
    cityAmbiguous: 'City "{{value}}" exists in several provinces ({{provinces}}); fill in the province too',
    cityFromArea: '"{{value}}" lies in {{city}}; the city is stored as {{city}}',
  },
  fields: {
    mobile: 'mobile',
    email: 'email',
  },
};
