// The words and structure of the 申报表 (附件1 of the notice) for the screens: step order, labels
// (GLOSSARY.md), option lists, the ownership statement texts and the 编制提纲. No rule lives here:
// what is missing or wrong always comes from the server's `problems` / `warnings`.

// The form's steps, in the paper form's order; `sections` are the PUT sections each step edits.
export const STEPS = [
  { key: 'cover', title: '封面', sections: ['cover'] },
  { key: 'unit', title: '表一 申报单位信息', sections: ['unit'] },
  { key: 'project', title: '表二 申报项目信息', sections: ['project'] },
  { key: 'ownership', title: '权属说明', sections: ['ownership'] },
  { key: 'attachments', title: '附件', sections: [] },
  { key: 'submit', title: '提交', sections: ['declaration_accepted'] },
];

export const STEP_KEYS = STEPS.map((s) => s.key);

// The PUT sections of the form.
export const SECTIONS = ['cover', 'unit', 'project', 'ownership', 'declaration_accepted'];

// The step a dotted problem key belongs to ("unit.revenue.2021" → "unit").
export function stepOfKey(key) {
  const head = String(key || '').split('.')[0];
  if (head === 'declaration_accepted') return 'submit';
  return STEP_KEYS.includes(head) ? head : 'submit';
}

export function stepTitle(key) {
  const s = STEPS.find((x) => x.key === key);
  return s ? s.title : key;
}

// {key: message} → [{step, title, items: [{key, message}]}] in step order, empty steps left out.
export function groupByStep(map) {
  const groups = STEPS.map((s) => ({ step: s.key, title: s.title, items: [] }));
  for (const [key, message] of Object.entries(map || {})) {
    const g = groups.find((x) => x.step === stepOfKey(key));
    g.items.push({ key, message: String(message) });
  }
  return groups.filter((g) => g.items.length);
}

// The 状态 filter's options from GET /api/v1/statuses ([{code, label}], in the workflow's order):
// "submitted" stands for all three routings (县（市、区）, 设区市, 省有关部门): the server says it without one.
export function statusFilterOptions(statuses) {
  return (statuses || []).map((s) => ({ value: s.code, label: s.label }));
}

// The colour of a status's tag (presentation only; the words are the server's `status_label`).
export function statusTagType(status) {
  switch (status) {
    case 'draft':
      return 'info';
    case 'returned':
    case 'formal_failed':
      return 'warning';
    case 'rejected':
    case 'not_selected':
      return 'danger';
    case 'key_project':
    case 'landmark':
    case 'formal_passed':
    case 'city_recommended':
    case 'county_recommended':
      return 'success';
    default:
      return 'primary';
  }
}

export const CATEGORY_LABELS = {
  infrastructure: '数字基础设施类',
  economy: '数字经济类',
  governance: '数字治理类',
  livelihood: '智慧民生类',
};

export const NATURE_OPTIONS = [
  { value: 'government', label: '政府机关' },
  { value: 'institution', label: '事业单位' },
  { value: 'social_group', label: '社会团体' },
  { value: 'state_owned', label: '国有企业' },
  { value: 'private', label: '民营企业' },
  { value: 'foreign', label: '外资企业' },
  { value: 'joint_venture', label: '合资企业' },
  { value: 'state_controlled', label: '国有控股企业' },
  { value: 'state_participated', label: '国有参股企业' },
  { value: 'other', label: '其他（请注明）' },
];

export function natureLabel(code) {
  const o = NATURE_OPTIONS.find((x) => x.value === code);
  return o ? o.label.replace('（请注明）', '') : code || '';
}

export const AFFILIATION_OPTIONS = [
  { value: 'county', label: '县（市、区）属单位' },
  { value: 'city_direct', label: '市直单位' },
  { value: 'province_direct', label: '省直单位' },
];

export function affiliationLabel(code) {
  const o = AFFILIATION_OPTIONS.find((x) => x.value === code);
  return o ? o.label : code || '';
}

export const HONOR_KINDS = [
  { key: 'high_tech', label: '高新技术企业' },
  { key: 'tech_center', label: '企业技术中心' },
  { key: 'key_lab', label: '重点实验室' },
];

export const HONOR_LEVELS = [
  { value: 'national', label: '国家级' },
  { value: 'provincial_municipal', label: '省市级' },
];

// Attachment kinds in the order of the notice's 填报说明 (三、四) and the ownership rule (四.2).
export const ATTACHMENT_KINDS = [
  { kind: 'stamped_form', label: '盖章申报表（封面、表一、表二）', hint: '申报表封面、表一、表二线下打印盖章后扫描上传' },
  { kind: 'ownership_statement', label: '项目权属及授权情况说明（盖章）', hint: '按“权属说明”步骤所选情形打印盖章后扫描上传' },
  { kind: 'authorization_letter', label: '项目权属单位授权书', hint: '以项目承建单位名义申报的（权属情形 4），须上传项目权属单位的授权书' },
  { kind: 'detailed_materials', label: '项目详细材料（按编制提纲）', hint: '按“项目详细材料编制提纲”编制，A4 纸幅', docs: true },
  { kind: 'business_license', label: '营业执照', hint: '企业申报单位上传' },
  { kind: 'investment_proof', label: '项目总投入证明', hint: '' },
  { kind: 'award_proof', label: '项目获奖及获认定证明', hint: '批示、认定、表彰、奖励等' },
  { kind: 'qualification_proof', label: '资质及科研成果证明', hint: '各类资质及科研成果证明，填报了相关荣誉的请一并上传' },
  { kind: 'other', label: '其他材料', hint: '' },
];

export function attachmentKindLabel(kind) {
  const k = ATTACHMENT_KINDS.find((x) => x.kind === kind);
  return k ? k.label : kind || '';
}

// The authority an application went to, as people call it: "玄武区" → "玄武区信息化主管部门"
// (a provincial department's name stands as it is).
export function authorityName(review) {
  const name = (review && review.name) || '';
  if (!name) return '';
  if ((review.level === 'county' || review.level === 'city') && !name.endsWith('主管部门')) return `${name}信息化主管部门`;
  return name;
}

// The 真实性声明 of 附件1, verbatim.
export const DECLARATION_TEXT = '特此承诺：申报表中所填内容及附件均属实。若有虚假，本单位愿意承担由此产生的一切后果。';

// The hint texts of 附件1 ("主要填写：…").
export const HINTS = {
  'unit.overview':
    '主要填写：政府部门或事业单位概况（组织机构、行政职能、人员状况、主要业务工作情况、在推进项目建设中采取的主要措施等）。企业、社会团体概况（成立时间、所属行业、经营范围、注册资本、取得资质等基本情况，主要产品或服务、资产及人员规模、科研水平、行业优势、相关工程或项目建设应用情况等）。',
  'project.basic_info': '主要填写：项目建设背景、主要建设内容与目标任务、项目投资及建设期、服务对象及适用场景、运营使用情况等。',
  'project.achievements':
    '主要填写：项目在规划、建设、应用、运维、管理等方面的特色亮点和创新举措，带动行业领域信息化发展、解决痛点难点问题、成果转化和深度推广应用等方面的成果，取得的经济社会效益等。',
};

// 项目权属及授权情况说明: the four statements of the notice with their blanks.
// parts: strings, and {blank: 'project' | 'partner' | 'applicant'} where a blank is filled in.
export function ownershipVariants(year) {
  const tail = `申报 ${year} 年智慧江苏重点工程。`;
  return [
    {
      value: 1,
      title: '本单位建设实施，所有权归本单位',
      parts: ['兹有我单位建设实施的', { blank: 'project' }, `（项目），该项目所有权为我单位所有，现将该项目${tail}`],
    },
    {
      value: 2,
      title: '与合作单位共同实施，所有权归本单位',
      parts: ['兹有我单位与', { blank: 'partner' }, '（单位）合作共同实施的', { blank: 'project' }, `（项目），该项目所有权为我单位所有，现将该项目${tail}`],
    },
    {
      value: 3,
      title: '与合作单位共同实施，所有权双方共有',
      parts: ['兹有我单位与', { blank: 'partner' }, '（单位）合作共同实施的', { blank: 'project' }, `（项目），该项目所有权为双方共同所有，经双方议定由我单位将该项目${tail}`],
    },
    {
      value: 4,
      title: '受项目权属单位委托实施，经授权申报',
      parts: ['兹有我单位委托', { blank: 'applicant' }, '（单位）实施的', { blank: 'project' }, `（项目），该项目所有权为我单位所有，现同意授权对方单位将该项目${tail}`],
    },
  ];
}

// 项目详细材料编制提纲 (附件1), for the reminder on the 附件 step.
export const DETAILED_OUTLINE = [
  { title: '一、申报单位基本情况', items: ['1、申报单位概况、主营业务及规模资质', '2、技术水平及研发能力', '3、行业优势及已有成果', '4、资产及财务状况'] },
  {
    title: '二、申报项目基本情况',
    items: [
      '1、符合性说明（简要说明项目是否符合申报类别及申报要求）',
      '2、项目建设背景、内容、目标、进度安排、服务对象及适用场景',
      '3、项目主要功能、体系架构、技术方案',
      '4、项目特色亮点和主要创新点、先进优势',
      '5、项目投资规模及资金使用计划',
      '6、信息安全防护及自主可控情况',
      '7、项目获奖情况（批示、认定、表彰、奖励）',
    ],
  },
  {
    title: '三、申报项目的经济和社会效益',
    items: [
      '1、项目运行使用情况、成效及收益、产业发展及公共服务效能',
      '2、项目能否解决行业领域的痛点难点问题、对行业领域的示范带动作用及社会影响力',
      '3、项目成果转化能力、可复制推广性及推广应用价值',
    ],
  },
  { title: '四、其他需要说明的事项', items: [] },
];

// Characters as the server counts them (code points): "不超过 300 字".
export function charCount(s) {
  return [...String(s || '')].length;
}

// 1200.5 → "1,200.50"
export function formatMoney(v) {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

// 1536000 → "1.5 MB"
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// Whether the browser can show a file by itself (PDF, images): offered as 预览.
export function previewable(contentType) {
  return /^(application\/pdf|image\/(png|jpeg))/.test(String(contentType || ''));
}

// The years of 近三年业务收入: the three years up to the statistics cutoff ("2022-12-31").
export function revenueYears(cutoff) {
  const y = Number(String(cutoff || '').slice(0, 4));
  const last = Number.isFinite(y) && y > 1900 ? y : 2022;
  return [String(last - 2), String(last - 1), String(last)];
}

// The element that shows a field: data-test="field-<dotted key>", or its nearest parent key's.
export function fieldElement(key, root = document) {
  let k = String(key || '');
  while (k) {
    const el = root.querySelector(`[data-test="field-${CSS.escape(k)}"]`);
    if (el) return el;
    const i = k.lastIndexOf('.');
    if (i < 0) break;
    k = k.slice(0, i);
  }
  return null;
}
