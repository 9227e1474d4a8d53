// Word pools for realistic demo data. Characters carry their pinyin so emails can be made without a
// pinyin lookup (the search columns still go through the shared customerSearchFields).
const pairs = (s: string): [string, string][] => s.split(' ').map((p) => p.split(':') as [string, string]);

export const SURNAMES = pairs(
  '王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 高:gao 林:lin 罗:luo ' +
    '郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 袁:yuan 潘:pan 于:yu 蒋:jiang 蔡:cai ' +
    '余:yu 杜:du 叶:ye 程:cheng 苏:su 魏:wei 吕:lv 丁:ding 任:ren 沈:shen 姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan 陆:lu 汪:wang 范:fan 金:jin ' +
    '石:shi 廖:liao 贾:jia 夏:xia 韦:wei 付:fu 方:fang 白:bai 邹:zou 孟:meng 熊:xiong 秦:qin 邱:qiu 江:jiang 尹:yin 薛:xue 闫:yan 段:duan 雷:lei 侯:hou ' +
    '龙:long 史:shi 陶:tao 黎:li 贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao 万:wan 钱:qian 严:yan 覃:qin 武:wu 戴:dai 莫:mo 孔:kong 向:xiang 汤:tang 欧阳:ouyang 司马:sima 单:shan',
);

export const GIVEN_CHARS = pairs(
  '伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie 娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping ' +
    '刚:gang 桂:gui 英:ying 华:hua 建:jian 国:guo 志:zhi 文:wen 辉:hui 玲:ling 红:hong 宇:yu 鹏:peng 婷:ting 雪:xue 琳:lin 晨:chen 浩:hao 欣:xin 佳:jia ' +
    '子:zi 轩:xuan 涵:han 梓:zi 睿:rui 博:bo 思:si 雨:yu 嘉:jia 怡:yi 俊:jun 凯:kai 宁:ning 晓:xiao 颖:ying 斌:bin 鑫:xin 海:hai 峰:feng 亮:liang ' +
    '慧:hui 兰:lan 倩:qian 燕:yan 飞:fei 彬:bin 毅:yi 诗:shi 梦:meng 瑶:yao 一:yi 诺:nuo 若:ruo 安:an 泽:ze 铭:ming 天:tian 乐:le 春:chun 秋:qiu',
);

export const EN_FIRST = 'James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan Richard Jessica Joseph Sarah Thomas Karen Daniel Lisa Emma Oliver Sophia Lucas Mia Ethan Grace Henry Chloe Leo'.split(' ');
export const EN_LAST = 'Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Walker Young Allen King Wright Scott Green Baker Adams Nelson'.split(' ');

export const BRAND_WORDS =
  '华信 恒通 鼎盛 宏达 瑞丰 远航 金桥 嘉禾 创新 永泰 天成 博远 新锐 中科 汇丰 益民 同创 东方 长城 星辰 光明 万达 锦程 盛世 德润 正泰 联合 海纳 明德 凯旋 ' +
  '云帆 华夏 飞扬 卓越 智联 宏图 兴业 安信 鸿运 聚力 领航 鑫源 晨光 和美 启明 银河 蓝海 绿源 泰和 众诚 立信 佳和 腾达 弘毅 瑞景 新辰 尚品 优选 精工 百川';
export const BRAND = BRAND_WORDS.split(' ');

export const INDUSTRY_WORDS: [string, string][] = [
  ['科技', '软件和信息技术'],
  ['网络', '互联网'],
  ['信息技术', '软件和信息技术'],
  ['机械', '制造业'],
  ['电子', '制造业'],
  ['贸易', '批发零售'],
  ['商贸', '批发零售'],
  ['餐饮管理', '餐饮住宿'],
  ['教育咨询', '教育培训'],
  ['医疗器械', '医疗健康'],
  ['生物科技', '医疗健康'],
  ['投资', '金融保险'],
  ['置业', '房地产'],
  ['建筑工程', '建筑工程'],
  ['物流', '物流运输'],
  ['农业发展', '农林牧渔'],
  ['文化传媒', '文化传媒'],
  ['广告', '文化传媒'],
  ['企业管理咨询', '专业服务'],
  ['新材料', '制造业'],
];
export const COMPANY_SUFFIXES: [string, number][] = [
  ['有限公司', 70],
  ['有限责任公司', 10],
  ['股份有限公司', 8],
  ['集团有限公司', 4],
  ['工作室', 3],
  ['商行', 5],
];
export const EN_COMPANIES = 'Acme Globex Initech Umbrella Stark Wayne Hooli Vandelay Wonka Cyberdyne Soylent Aperture Tyrell Gringotts Oscorp'.split(' ');

export const SOURCES: [string, number][] = [
  ['官网', 20],
  ['转介绍', 25],
  ['展会', 12],
  ['电话营销', 15],
  ['线上广告', 18],
  ['其他', 10],
];
export const TAGS = ['VIP', '老客户', '重点跟进', '价格敏感', '决策人', '需要报价', '大客户', '潜力', '合作伙伴', '投诉过'];
export const POSITIONS = ['总经理', '采购经理', '技术总监', '财务', '行政主管', '销售总监', '董事长', '项目经理', '运营', '市场经理'];
export const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'gmail.com', 'outlook.com', 'sina.com', 'foxmail.com', 'aliyun.com'];
export const MOBILE_PREFIXES = '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 170 173 176 177 178 180 181 182 183 185 186 187 188 189 191 198 199'.split(' ');

/** Area codes of larger cities; other cities get a plausible 4-digit code. */
export const AREA_CODES: Record<string, string> = {
  北京市: '010',
  上海市: '021',
  天津市: '022',
  重庆市: '023',
  广州市: '020',
  深圳市: '0755',
  杭州市: '0571',
  宁波市: '0574',
  南京市: '025',
  苏州市: '0512',
  武汉市: '027',
  成都市: '028',
  西安市: '029',
  沈阳市: '024',
  长沙市: '0731',
  郑州市: '0371',
  济南市: '0531',
  青岛市: '0532',
  福州市: '0591',
  厦门市: '0592',
  合肥市: '0551',
  昆明市: '0871',
};

export const FOLLOW_UP_METHODS: [string, number][] = [
  ['电话', 35],
  ['微信', 30],
  ['邮件', 10],
  ['短信', 5],
  ['拜访', 12],
  ['活动', 4],
  ['其他', 4],
];
export const FOLLOW_UP_CONTENT: Record<string, string[]> = {
  电话: ['电话沟通了需求，客户对价格有疑问', '电话回访，客户表示近期会考虑', '介绍了新产品功能，客户感兴趣', '确认了交付时间', '客户未接听，稍后再打'],
  微信: ['微信发送了产品资料', '微信沟通报价细节', '客户在微信上询问售后政策', '发送了案例介绍', '节日问候，顺便了解近况'],
  邮件: ['邮件发送了正式报价单', '邮件确认合同条款', '发送了产品手册和资质文件', '回复客户的技术问题'],
  短信: ['短信提醒客户预约时间', '短信发送活动邀请'],
  拜访: ['上门拜访，见到了采购负责人', '到客户公司演示产品', '拜访客户，现场了解使用情况', '与客户老板面谈合作方案'],
  活动: ['客户参加了我们的展会', '邀请客户参加产品发布会', '线下沙龙交流'],
  其他: ['客户来访公司参观', '通过朋友引荐认识', '其他方式沟通'],
};
export const FOLLOW_UP_RESULTS: [string | null, number][] = [
  ['有意向', 25],
  ['需再跟进', 30],
  ['已报价', 10],
  ['暂无需求', 15],
  [null, 20],
];
export const DEAL_PRODUCTS = ['软件采购', '年度服务', '设备采购', '系统升级', '咨询服务', '培训项目', '维保合同', '定制开发', '批量订货', '渠道合作'];
export const LOSS_REASONS = ['价格太高', '选择了竞争对手', '预算取消', '需求变化', '联系不上'];
